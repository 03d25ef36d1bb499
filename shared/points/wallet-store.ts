import type { Wallet } from './wallet.js';

/** Customers' point wallets (MongoDB `referral_points`). */
export interface WalletStore {
  getWallet(customerId: string): Promise<Wallet | null>;
  /**
   * Writes the wallet if its stored version is still `expectedVersion` (0: not stored yet).
   * This one conditional write serialises every change of a customer's points.
   */
  saveWallet(wallet: Wallet, expectedVersion: number): Promise<'saved' | 'conflict'>;
  /** Drops outbox entries and pending events that have been written or published. */
  clearOutbox(customerId: string, entryIds: readonly string[], eventIds: readonly string[]): Promise<void>;
  /** The wallet holding a redemption. */
  findWalletByRedemption(redemptionId: string): Promise<Wallet | null>;
  /** Wallets with a lot whose `expires_at` is at or before `now`. */
  findWalletsDueForExpiry(now: Date, limit: number): Promise<Wallet[]>;
  /** Wallets with a lot whose reminder instant is at or before `now`. */
  findWalletsDueForReminder(now: Date, limit: number): Promise<Wallet[]>;
  /** Wallets with outbox items (repair). */
  findWalletsWithOutbox(limit: number): Promise<Wallet[]>;
  /** All wallets in id order after `afterId` (reconcile, reports). */
  listWallets(afterId: string | null, limit: number): Promise<Wallet[]>;
}
