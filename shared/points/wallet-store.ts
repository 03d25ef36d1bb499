import type { WalletSnapshot } from './wallet.js';

/** Outstanding points as the snapshots hold them, for the liability report. */
export interface PointsTotals {
  /** Spendable points: live lots before their expiry. */
  outstanding: number;
  /** Of those, the points of lots expiring at or before `horizon`. */
  expiring: number;
  /** Points of lots past their expiry that the sweep has not reached yet. */
  awaiting_sweep: number;
  customers_with_balance: number;
}

/**
 * Snapshots of the wallets (MongoDB `referral_points`, `_id` = customer id): the live lots at
 * some seq, plus the sweeps' indexes. A snapshot may lag its ledger (a writer died after its
 * insert, or on a server without isolated updates an older snapshot landed over a newer one);
 * readers then find the entries after it in the ledger, so nobody sees less than is committed.
 */
export interface WalletStore {
  getSnapshot(customerId: string): Promise<WalletSnapshot | null>;
  /** The snapshots of the given customers, in one lookup (reconcile's change feed). */
  getSnapshots(customerIds: readonly string[]): Promise<WalletSnapshot[]>;
  /** Writes a snapshot unless one at the same or a later seq is there; `reminded_through` is left as stored. */
  saveSnapshot(snapshot: WalletSnapshot): Promise<void>;
  /** Moves many stored snapshots forward in one bulk command, each guarded as {@link saveSnapshot} (no new snapshot is made). */
  saveSnapshots(snapshots: readonly WalletSnapshot[]): Promise<void>;
  /** Records that reminders up to `through` were sent, with the next reminder instant after it. */
  markReminded(marks: ReadonlyArray<{ customer_id: string; through: string; next_reminder_at: string | null }>): Promise<void>;
  /** Snapshots with a lot whose `expires_at` is at or before `now`. */
  findDueForExpiry(now: Date, limit: number): Promise<WalletSnapshot[]>;
  /** Snapshots with a reminder instant at or before `now`. */
  findDueForReminder(now: Date, limit: number): Promise<WalletSnapshot[]>;
  /** Snapshots in id order after `afterId` (reconcile). */
  listSnapshots(afterId: string | null, limit: number): Promise<WalletSnapshot[]>;
  /** Outstanding points over every snapshot, computed by the server in one aggregation. */
  totals(now: Date, horizon: Date): Promise<PointsTotals>;
}
