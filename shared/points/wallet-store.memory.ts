import type { Wallet } from './wallet.js';
import type { WalletStore } from './wallet-store.js';

/** In-memory wallets with the real store's version check. */
export class MemoryWalletStore implements WalletStore {
  readonly #wallets = new Map<string, Wallet>();

  async getWallet(customerId: string): Promise<Wallet | null> {
    const w = this.#wallets.get(customerId);
    return w ? structuredClone(w) : null;
  }

  async saveWallet(wallet: Wallet, expectedVersion: number): Promise<'saved' | 'conflict'> {
    const current = this.#wallets.get(wallet.customer_id);
    if ((current?.version ?? 0) !== expectedVersion) return 'conflict';
    this.#wallets.set(wallet.customer_id, structuredClone(wallet));
    return 'saved';
  }

  async clearOutbox(customerId: string, entryIds: readonly string[], eventIds: readonly string[]): Promise<void> {
    const w = this.#wallets.get(customerId);
    if (!w) return;
    w.outbox = w.outbox.filter((e) => !entryIds.includes(e.entry_id));
    w.pending_events = w.pending_events.filter((e) => !eventIds.includes(e.id));
  }

  async findWalletByRedemption(redemptionId: string): Promise<Wallet | null> {
    return this.#select((w) => w.redemptions.some((r) => r.redemption_id === redemptionId), 1, 'customer_id')[0] ?? null;
  }

  async findWalletsDueForExpiry(now: Date, limit: number): Promise<Wallet[]> {
    const iso = now.toISOString();
    return this.#select((w) => w.next_expiry_at !== null && w.next_expiry_at <= iso, limit, 'next_expiry_at');
  }

  async findWalletsDueForReminder(now: Date, limit: number): Promise<Wallet[]> {
    const iso = now.toISOString();
    return this.#select((w) => w.next_reminder_at !== null && w.next_reminder_at <= iso, limit, 'next_reminder_at');
  }

  async findWalletsWithOutbox(limit: number): Promise<Wallet[]> {
    return this.#select((w) => w.outbox.length > 0 || w.pending_events.length > 0, limit, 'customer_id');
  }

  async listWallets(afterId: string | null, limit: number): Promise<Wallet[]> {
    return this.#select((w) => afterId === null || w.customer_id > afterId, limit, 'customer_id');
  }

  #select(pred: (w: Wallet) => boolean, limit: number, key: 'next_expiry_at' | 'next_reminder_at' | 'customer_id'): Wallet[] {
    return [...this.#wallets.values()]
      .filter(pred)
      .sort((a, b) => ((a[key] ?? '') < (b[key] ?? '') ? -1 : 1))
      .slice(0, limit)
      .map((w) => structuredClone(w));
  }
}
