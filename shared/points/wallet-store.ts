import type { Wallet } from './wallet.js';

/** How a save ended; a conflict may name a committed version that is not readable yet. */
export type SaveWalletOutcome = { status: 'saved' } | { status: 'conflict'; unpublished: Wallet | null };

/**
 * Customers' point wallets (MongoDB `referral_points`, and `referral_points_versions`).
 *
 * A change is committed by inserting the wallet's next version under a unique key: of concurrent
 * changes from one version exactly one commits, on any MongoDB-wire server, because only the
 * insert decides. The committed version is then published as the readable wallet, with its
 * outbox emptied once its ledger entries are written. A crash between the two leaves a committed
 * version that the next change of the wallet, a sweep, or reconcile publishes.
 */
export interface WalletStore {
  /** The published wallet. */
  getWallet(customerId: string): Promise<Wallet | null>;
  /** Commits `wallet` (version `expectedVersion + 1`) if no other change committed that version first. */
  saveWallet(wallet: Wallet, expectedVersion: number): Promise<SaveWalletOutcome>;
  /** Makes a committed version the readable wallet, outbox emptied; an older version never replaces a newer one. */
  publishWallet(wallet: Wallet): Promise<void>;
  /** A committed version newer than the published wallet, if a crash left one (reconcile). */
  getUnpublished(customerId: string): Promise<Wallet | null>;
  /** The wallet holding a redemption. */
  findWalletByRedemption(redemptionId: string): Promise<Wallet | null>;
  /** Wallets with a lot whose `expires_at` is at or before `now`. */
  findWalletsDueForExpiry(now: Date, limit: number): Promise<Wallet[]>;
  /** Wallets with a lot whose reminder instant is at or before `now`. */
  findWalletsDueForReminder(now: Date, limit: number): Promise<Wallet[]>;
  /** All wallets in id order after `afterId` (reconcile, reports). */
  listWallets(afterId: string | null, limit: number): Promise<Wallet[]>;
}
