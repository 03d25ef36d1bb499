import type { Wallet } from '../../points/wallet.js';
import type { SaveWalletOutcome, WalletStore } from '../../points/wallet-store.js';

/** In-memory wallets, committed and published apart as in the real store. */
export class MemoryWalletStore implements WalletStore {
  readonly #committed = new Map<string, Wallet>();
  readonly #published = new Map<string, Wallet>();

  async getWallet(customerId: string): Promise<Wallet | null> {
    const w = this.#published.get(customerId);
    return w ? structuredClone(w) : null;
  }

  async saveWallet(wallet: Wallet, expectedVersion: number): Promise<SaveWalletOutcome> {
    const committed = this.#committed.get(wallet.customer_id);
    if ((committed?.version ?? 0) !== expectedVersion)
      return { status: 'conflict', unpublished: await this.getUnpublished(wallet.customer_id) };
    this.#committed.set(wallet.customer_id, structuredClone(wallet));
    return { status: 'saved' };
  }

  async publishWallet(wallet: Wallet): Promise<void> {
    if ((this.#published.get(wallet.customer_id)?.version ?? 0) >= wallet.version) return;
    this.#published.set(wallet.customer_id, structuredClone({ ...wallet, outbox: [], pending_events: [] }));
  }

  async getUnpublished(customerId: string): Promise<Wallet | null> {
    const committed = this.#committed.get(customerId);
    const published = this.#published.get(customerId)?.version ?? 0;
    return committed && committed.version > published ? structuredClone(committed) : null;
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

  async listWallets(afterId: string | null, limit: number): Promise<Wallet[]> {
    return this.#select((w) => afterId === null || w.customer_id > afterId, limit, 'customer_id');
  }

  #select(pred: (w: Wallet) => boolean, limit: number, key: 'next_expiry_at' | 'next_reminder_at' | 'customer_id'): Wallet[] {
    return [...this.#published.values()]
      .filter(pred)
      .sort((a, b) => ((a[key] ?? '') < (b[key] ?? '') ? -1 : (a[key] ?? '') > (b[key] ?? '') ? 1 : a.customer_id < b.customer_id ? -1 : 1))
      .slice(0, limit)
      .map((w) => structuredClone(w));
  }
}
