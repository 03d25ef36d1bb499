import { isSpendable, type WalletSnapshot } from '../../points/wallet.js';
import type { PointsTotals, WalletStore } from '../../points/wallet-store.js';

/** Wallet snapshots in memory, guarded by seq as in the real store. */
export class MemoryWalletStore implements WalletStore {
  readonly #snapshots = new Map<string, WalletSnapshot>();

  async getSnapshot(customerId: string): Promise<WalletSnapshot | null> {
    const s = this.#snapshots.get(customerId);
    return s ? structuredClone(s) : null;
  }

  async getSnapshots(customerIds: readonly string[]): Promise<WalletSnapshot[]> {
    return customerIds.flatMap((id) => {
      const s = this.#snapshots.get(id);
      return s ? [structuredClone(s)] : [];
    });
  }

  async saveSnapshot(snapshot: WalletSnapshot): Promise<void> {
    const stored = this.#snapshots.get(snapshot.customer_id);
    if (stored && stored.seq >= snapshot.seq) return;
    this.#snapshots.set(snapshot.customer_id, structuredClone({ ...snapshot, reminded_through: stored?.reminded_through ?? null }));
  }

  async saveSnapshots(snapshots: readonly WalletSnapshot[]): Promise<void> {
    for (const s of snapshots) if (this.#snapshots.has(s.customer_id)) await this.saveSnapshot(s);
  }

  async markReminded(marks: ReadonlyArray<{ customer_id: string; through: string; next_reminder_at: string | null }>): Promise<void> {
    for (const m of marks) {
      const s = this.#snapshots.get(m.customer_id);
      if (s) Object.assign(s, { reminded_through: m.through, next_reminder_at: m.next_reminder_at });
    }
  }

  async findDueForExpiry(now: Date, limit: number): Promise<WalletSnapshot[]> {
    return this.#due('next_expiry_at', now, limit);
  }

  async findDueForReminder(now: Date, limit: number): Promise<WalletSnapshot[]> {
    return this.#due('next_reminder_at', now, limit);
  }

  async listSnapshots(afterId: string | null, limit: number): Promise<WalletSnapshot[]> {
    return [...this.#snapshots.values()]
      .filter((s) => afterId === null || s.customer_id > afterId)
      .sort((a, b) => (a.customer_id < b.customer_id ? -1 : 1))
      .slice(0, Math.max(0, limit))
      .map((s) => structuredClone(s));
  }

  async totals(now: Date, horizon: Date): Promise<PointsTotals> {
    const t: PointsTotals = { outstanding: 0, expiring: 0, awaiting_sweep: 0, customers_with_balance: 0 };
    for (const s of this.#snapshots.values()) {
      let balance = 0;
      for (const l of s.lots) {
        if (l.status !== 'active') continue;
        if (!isSpendable(l, now)) t.awaiting_sweep += l.remaining;
        else {
          balance += l.remaining;
          if (new Date(l.expires_at) <= horizon) t.expiring += l.remaining;
        }
      }
      t.outstanding += balance;
      if (balance > 0) t.customers_with_balance += 1;
    }
    return t;
  }

  #due(field: 'next_expiry_at' | 'next_reminder_at', now: Date, limit: number): WalletSnapshot[] {
    const at = now.toISOString();
    return [...this.#snapshots.values()]
      .filter((s) => s[field] !== null && s[field] <= at)
      .sort((a, b) => (a[field]! === b[field]! ? (a.customer_id < b.customer_id ? -1 : 1) : a[field]! < b[field]! ? -1 : 1))
      .slice(0, Math.max(0, limit))
      .map((s) => structuredClone(s));
  }
}
