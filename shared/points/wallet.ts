import type { LedgerEntry } from '../ledger/ledger-entry.js';
import type { Lot } from './lot.js';

export { lotStatuses, type Lot, type LotStatus } from './lot.js';

/**
 * What a wallet keeps besides its lots, as of ledger entry `seq` (MongoDB `referral_points`): a
 * bounded document whatever the customer's history. The ledger is the wallet's commit log: entry
 * `seq + 1` is the next change, and whoever inserts it first made it (docs/rules.md §2.6).
 */
export interface WalletHead {
  customer_id: string;
  /** The last ledger entry this state includes; 0 for a customer with no movement. */
  seq: number;
  /** The book balance: `remaining` summed over the active lots, expired by time or not. */
  balance: number;
  /**
   * Reward lots clawed back before their credit arrived (a refund racing its conversion). The
   * late credit finds its lot here, credits nothing and removes it, so the list stays bounded
   * by the races in flight, never by history.
   */
  tombstones: string[];
}

/**
 * A wallet as an operation sees it: the head, and the lots it asked for ({@link LotQuery}), each
 * as of `seq`. `lots` holds active lots only; it is the whole wallet only for the query `all`.
 */
export interface Wallet extends WalletHead {
  lots: Lot[];
}

/**
 * Which lots a reader loads, so that what it reads follows its work, not the wallet's size:
 * - `none`: no lot (a credit of a new lot, a catch-up);
 * - `ids`: the named lots, where still active (a clawback, a reversal);
 * - `spend`: every open lot past its expiry that the sweep has not reached yet, then open lots in
 *   spend order until `points` are covered, or all of them (a redemption, a negative adjustment);
 * - `due`: open lots past their expiry at the reader's instant (the expiry of one wallet);
 * - `all`: every open lot (what the customer is shown; reconcile).
 */
export type LotQuery =
  { by: 'none' } | { by: 'ids'; ids: readonly string[] } | { by: 'spend'; points: number } | { by: 'due' } | { by: 'all' };

/** A wallet with nothing in it. */
export function emptyWallet(customerId: string): Wallet {
  return { customer_id: customerId, seq: 0, balance: 0, tombstones: [], lots: [] };
}

/** The head of a wallet state. */
export function headOf(w: WalletHead): WalletHead {
  return { customer_id: w.customer_id, seq: w.seq, balance: w.balance, tombstones: w.tombstones };
}

/** Sum of `remaining` over the given lots that are active, expired by time or not. */
export function bookBalance(w: Pick<Wallet, 'lots'>): number {
  return w.lots.reduce((sum, l) => sum + (l.status === 'active' ? l.remaining : 0), 0);
}

/** Whether a lot still holds points to spend or expire: active with something left. */
export function isOpen(lot: Pick<Lot, 'status' | 'remaining'>): boolean {
  return lot.status === 'active' && lot.remaining > 0;
}

/** Whether a lot can be spent at `now`. */
export function isSpendable(lot: Lot, now: Date): boolean {
  return isOpen(lot) && new Date(lot.expires_at) > now;
}

/** Whether a lot is open and past its expiry at `now`: the sweep has not reached it yet. */
export function isUnswept(lot: Lot, now: Date): boolean {
  return isOpen(lot) && new Date(lot.expires_at) <= now;
}

/**
 * Points that can be spent now: the book balance less what lots past `expires_at` still hold (a
 * lot past its expiry never counts, swept or not). The wallet must hold every unswept lot, as the
 * queries `spend` and `all` load.
 */
export function spendableBalance(w: Pick<Wallet, 'balance' | 'lots'>, now: Date): number {
  return w.balance - w.lots.reduce((sum, l) => sum + (isUnswept(l, now) ? l.remaining : 0), 0);
}

/** The order lots are spent and listed in: earliest expiry first, ties by id (so the order is stable). */
export function compareSpendOrder(a: Pick<Lot, 'expires_at' | 'lot_id'>, b: Pick<Lot, 'expires_at' | 'lot_id'>): number {
  if (a.expires_at !== b.expires_at) return a.expires_at < b.expires_at ? -1 : 1;
  return a.lot_id === b.lot_id ? 0 : a.lot_id < b.lot_id ? -1 : 1;
}

/** Spendable lots, earliest expiry first (ties by id, so the order is stable). */
export function spendOrder(lots: readonly Lot[], now: Date): Lot[] {
  return lots.filter((l) => isSpendable(l, now)).sort(compareSpendOrder);
}

/**
 * The state after `entry`: the head moves to its seq and balance, its lot changes replace the
 * lots they name (a lot no longer active leaves), and a lot it makes joins when `keep` says the
 * reader asked for it.
 */
export function applyEntry(
  w: Wallet,
  entry: Pick<LedgerEntry, 'seq' | 'points' | 'lot_changes' | 'tombstones'>,
  keep: (lot: Lot) => boolean = () => true,
): Wallet {
  const changed = new Map(entry.lot_changes.map((l) => [l.lot_id, l]));
  const lots = w.lots.filter((l) => !changed.has(l.lot_id));
  for (const l of entry.lot_changes) if (l.status === 'active' && keep(l)) lots.push(l);
  let tombstones = w.tombstones;
  if (entry.tombstones) {
    const { add = [], remove = [] } = entry.tombstones;
    tombstones = [...tombstones.filter((t) => !remove.includes(t)), ...add.filter((t) => !tombstones.includes(t))];
  }
  return { customer_id: w.customer_id, seq: entry.seq, balance: w.balance + entry.points, lots, tombstones };
}

/** The head after each of `entries`, in order: seq, book balance and tombstones move; no lot is kept. */
export function headAfter(
  head: WalletHead,
  entries: ReadonlyArray<Pick<LedgerEntry, 'seq' | 'points' | 'lot_changes' | 'tombstones'>>,
): WalletHead {
  return headOf(entries.reduce((w: Wallet, e) => applyEntry(w, e, () => false), { ...headOf(head), lots: [] }));
}

/** The state after each of `entries`, in order. */
export function applyEntries(w: Wallet, entries: readonly LedgerEntry[], keep?: (lot: Lot) => boolean): Wallet {
  return entries.reduce((state, e) => applyEntry(state, e, keep), w);
}

/** The instant a lot's expiry reminder is due. */
export function reminderAt(lot: Pick<Lot, 'expires_at'>, reminderDays: number): string {
  return new Date(new Date(lot.expires_at).getTime() - reminderDays * 86_400_000).toISOString();
}
