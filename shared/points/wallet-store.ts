import type { Lot } from './lot.js';
import type { WalletHead } from './wallet.js';

/** Outstanding points as the lots hold them, for the liability report. */
export interface PointsTotals {
  /** Spendable points: open lots before their expiry. */
  outstanding: number;
  /** Of those, the points of lots expiring at or before `horizon`. */
  expiring: number;
  /** Points of lots past their expiry that the sweep has not reached yet. */
  awaiting_sweep: number;
  customers_with_balance: number;
}

/** A lot as stored: its state as of the customer's ledger entry `seq`. */
export interface StoredLot {
  customer_id: string;
  seq: number;
  lot: Lot;
}

/** A lot state to store: the after-state an entry recorded, and when its reminder is due (kept from the lot's first write; null: none). */
export interface LotWrite extends StoredLot {
  remind_at: string | null;
}

/** What a change writes: the latest states of the lots it touched, then the head. */
export interface WalletWrite {
  head: WalletHead;
  lots: readonly LotWrite[];
}

/** Where a page of a customer's open lots starts: after this lot in spend order. */
export type LotCursor = Pick<Lot, 'expires_at' | 'lot_id'>;

/** Per customer, what the active lots add up to, and the lots outside `0 ≤ remaining ≤ points` (reconcile). */
export interface LotSums {
  customer_id: string;
  remaining: number;
  out_of_range: Array<Pick<Lot, 'lot_id' | 'remaining' | 'points'>>;
}

/**
 * The wallets (MongoDB `referral_points`): a head per customer (`_id` = customer id) and a
 * document per lot (`_id` = `<customer>#<lot id>`), each stamped with the ledger seq of the state
 * it holds. A change writes the lots it touched, then the head, in that order and in one command,
 * each guarded so a state never replaces a newer one; so where the server isolates updates, a
 * head at seq `n` means every lot shows at least entry `n`. Either may lag the ledger (a writer
 * died after its insert, or on a server without isolated updates an older write landed over a
 * newer one): readers then find the entries after the head in the ledger, and stores on such
 * servers check the lot states they hand out against it, so nobody sees less than is committed.
 */
export interface WalletStore {
  getHead(customerId: string): Promise<WalletHead | null>;
  /** The heads of the given customers, in one lookup (reconcile's change feed, the sweeps). */
  getHeads(customerIds: readonly string[]): Promise<WalletHead[]>;
  /** Heads in id order after `afterId` (reconcile). */
  listHeads(afterId: string | null, limit: number): Promise<WalletHead[]>;

  /** The named lots of a customer, whatever their status, in one lookup. */
  getLots(customerId: string, lotIds: readonly string[]): Promise<StoredLot[]>;
  /**
   * A customer's lots in spend order (expiry, then id), from an index: the open ones (`open`), or
   * every active one (`active`); only those expiring at or before `dueBy` when given; after
   * `after`; at most `limit`.
   */
  listLots(
    customerId: string,
    options: { which: 'open' | 'active'; dueBy?: Date; after?: LotCursor; limit?: number },
  ): Promise<StoredLot[]>;

  /**
   * Writes a change of one wallet: its lot states in order, then its head, each unless the stored
   * state is at the same or a later seq (a lot or head not stored yet is made); in one command
   * where the server allows, so no writer's death falls between them.
   */
  saveChange(write: WalletWrite): Promise<void>;
  /** Writes the changes of many wallets in bulk, each as {@link saveChange}, but making no head and no lot (the sweeps move what they found). */
  saveChanges(writes: readonly WalletWrite[]): Promise<void>;

  /** Active lots whose `expires_at` is at or before `now`, earliest first, over every wallet. */
  findLotsDueForExpiry(now: Date, limit: number): Promise<StoredLot[]>;
  /** Open lots whose reminder instant is at or before `now` and that were not reminded yet, earliest first. */
  findLotsDueForReminder(now: Date, limit: number): Promise<StoredLot[]>;
  /** Records that these lots were reminded. */
  markReminded(lots: ReadonlyArray<Pick<StoredLot, 'customer_id'> & { lot_id: string }>): Promise<void>;

  /** What the active lots of each given customer add up to, read from an index (reconcile). */
  lotSums(customerIds: readonly string[]): Promise<LotSums[]>;
  /** Outstanding points over every open lot, computed by the server. */
  totals(now: Date, horizon: Date): Promise<PointsTotals>;
}
