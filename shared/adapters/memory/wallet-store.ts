import { compareSpendOrder, isOpen, isSpendable, type WalletHead } from '../../points/wallet.js';
import type { LotCursor, LotSums, LotWrite, PointsTotals, StoredLot, WalletStore, WalletWrite } from '../../points/wallet-store.js';

/** A stored lot with its reminder instant (null once reminded). */
type Kept = StoredLot & { remind_at: string | null };

const lotKey = (customerId: string, lotId: string) => `${customerId}#${lotId}`;
const copy = (k: Kept): StoredLot => structuredClone({ customer_id: k.customer_id, seq: k.seq, lot: k.lot });

/** Wallet heads and lots in memory, guarded by seq as in the real store. */
export class MemoryWalletStore implements WalletStore {
  readonly #heads = new Map<string, WalletHead>();
  readonly #lots = new Map<string, Kept>();

  async getHead(customerId: string): Promise<WalletHead | null> {
    const h = this.#heads.get(customerId);
    return h ? structuredClone(h) : null;
  }

  async getHeads(customerIds: readonly string[]): Promise<WalletHead[]> {
    return customerIds.flatMap((id) => {
      const h = this.#heads.get(id);
      return h ? [structuredClone(h)] : [];
    });
  }

  async listHeads(afterId: string | null, limit: number): Promise<WalletHead[]> {
    return [...this.#heads.values()]
      .filter((h) => afterId === null || h.customer_id > afterId)
      .sort((a, b) => (a.customer_id < b.customer_id ? -1 : 1))
      .slice(0, Math.max(0, limit))
      .map((h) => structuredClone(h));
  }

  async saveChange(write: WalletWrite): Promise<void> {
    this.#saveLots(write.lots, true);
    this.#saveHead(write.head, true);
  }

  async saveChanges(writes: readonly WalletWrite[]): Promise<void> {
    for (const w of writes) {
      this.#saveLots(w.lots, false);
      this.#saveHead(w.head, false);
    }
  }

  #saveHead(head: WalletHead, make: boolean): void {
    const stored = this.#heads.get(head.customer_id);
    if (stored ? stored.seq >= head.seq : !make) return;
    this.#heads.set(head.customer_id, structuredClone(head));
  }

  #saveLots(writes: readonly LotWrite[], make: boolean): void {
    for (const w of writes) {
      const key = lotKey(w.customer_id, w.lot.lot_id);
      const stored = this.#lots.get(key);
      if (stored ? stored.seq >= w.seq : !make) continue;
      this.#lots.set(
        key,
        structuredClone({ customer_id: w.customer_id, seq: w.seq, lot: w.lot, remind_at: stored ? stored.remind_at : w.remind_at }),
      );
    }
  }

  async getLots(customerId: string, lotIds: readonly string[]): Promise<StoredLot[]> {
    return lotIds.flatMap((id) => {
      const k = this.#lots.get(lotKey(customerId, id));
      return k ? [copy(k)] : [];
    });
  }

  async listLots(
    customerId: string,
    options: { which: 'open' | 'active'; dueBy?: Date; after?: LotCursor; limit?: number },
  ): Promise<StoredLot[]> {
    const due = options.dueBy?.toISOString();
    return [...this.#lots.values()]
      .filter((k) => k.customer_id === customerId && (options.which === 'open' ? isOpen(k.lot) : k.lot.status === 'active'))
      .filter((k) => (due === undefined || k.lot.expires_at <= due) && (!options.after || compareSpendOrder(k.lot, options.after) > 0))
      .sort((a, b) => compareSpendOrder(a.lot, b.lot))
      .slice(0, Math.max(0, options.limit ?? Number.POSITIVE_INFINITY))
      .map(copy);
  }

  async findLotsDueForExpiry(now: Date, limit: number): Promise<StoredLot[]> {
    const at = now.toISOString();
    return this.#earliest(
      (k) => k.lot.status === 'active' && k.lot.expires_at <= at,
      (k) => k.lot.expires_at,
      limit,
    );
  }

  async findLotsDueForReminder(now: Date, limit: number): Promise<StoredLot[]> {
    const at = now.toISOString();
    return this.#earliest(
      (k) => isOpen(k.lot) && k.remind_at !== null && k.remind_at <= at,
      (k) => k.remind_at!,
      limit,
    );
  }

  async markReminded(lots: ReadonlyArray<Pick<StoredLot, 'customer_id'> & { lot_id: string }>): Promise<void> {
    for (const l of lots) {
      const k = this.#lots.get(lotKey(l.customer_id, l.lot_id));
      if (k) k.remind_at = null;
    }
  }

  async lotSums(customerIds: readonly string[]): Promise<LotSums[]> {
    return customerIds.map((id) => {
      const active = [...this.#lots.values()].filter((k) => k.customer_id === id && k.lot.status === 'active').map((k) => k.lot);
      return {
        customer_id: id,
        remaining: active.reduce((s, l) => s + l.remaining, 0),
        out_of_range: active
          .filter((l) => l.remaining < 0 || l.remaining > l.points)
          .map((l) => ({ lot_id: l.lot_id, remaining: l.remaining, points: l.points })),
      };
    });
  }

  async totals(now: Date, horizon: Date): Promise<PointsTotals> {
    const t: PointsTotals = { outstanding: 0, expiring: 0, awaiting_sweep: 0, customers_with_balance: 0 };
    const balances = new Map<string, number>();
    for (const k of this.#lots.values()) {
      if (!isOpen(k.lot)) continue;
      if (!isSpendable(k.lot, now)) t.awaiting_sweep += k.lot.remaining;
      else {
        balances.set(k.customer_id, (balances.get(k.customer_id) ?? 0) + k.lot.remaining);
        t.outstanding += k.lot.remaining;
        if (new Date(k.lot.expires_at) <= horizon) t.expiring += k.lot.remaining;
      }
    }
    t.customers_with_balance = [...balances.values()].filter((b) => b > 0).length;
    return t;
  }

  #earliest(match: (k: Kept) => boolean, by: (k: Kept) => string, limit: number): StoredLot[] {
    return [...this.#lots.values()]
      .filter(match)
      .sort((a, b) =>
        by(a) === by(b) ? (lotKey(a.customer_id, a.lot.lot_id) < lotKey(b.customer_id, b.lot.lot_id) ? -1 : 1) : by(a) < by(b) ? -1 : 1,
      )
      .slice(0, Math.max(0, limit))
      .map(copy);
  }
}
