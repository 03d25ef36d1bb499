import type { LedgerEntry } from '../ledger/ledger-entry.js';
import type { Lot } from './lot.js';

export { lotStatuses, type Lot, type LotStatus } from './lot.js';

/**
 * A customer's points as of ledger entry `seq`: the live lots only (closed lots leave; their
 * history is the ledger). The ledger is the wallet's commit log: entry `seq + 1` is the next
 * change, and whoever inserts it first made it (docs/rules.md §2.6).
 */
export interface Wallet {
  customer_id: string;
  /** The last ledger entry this state includes; 0 for a customer with no movement. */
  seq: number;
  lots: Lot[];
  /**
   * Reward lots clawed back before their credit arrived (a refund racing its conversion). The
   * late credit finds its lot here, credits nothing and removes it, so the list stays bounded
   * by the races in flight, never by history.
   */
  tombstones: string[];
}

/** What the snapshot store keeps beside the state: the sweeps' indexes and the reminder mark. */
export interface WalletSnapshot extends Wallet {
  /** Earliest `expires_at` of a lot with points left: the expiry sweep's index. */
  next_expiry_at: string | null;
  /** Earliest reminder instant after `reminded_through` of a lot with points left: the reminder sweep's index. */
  next_reminder_at: string | null;
  /** Lots whose reminder instant is at or before this were reminded (the reminder sweep moves it). */
  reminded_through: string | null;
  /** The book balance, kept for server-side reports. */
  balance: number;
}

/** A wallet with nothing in it. */
export function emptyWallet(customerId: string): Wallet {
  return { customer_id: customerId, seq: 0, lots: [], tombstones: [] };
}

/** Sum of `remaining` over live lots, expired by time or not: what the ledger adds up to. */
export function bookBalance(w: Pick<Wallet, 'lots'>): number {
  return w.lots.reduce((sum, l) => sum + (l.status === 'active' ? l.remaining : 0), 0);
}

/** Whether a lot can be spent at `now`. */
export function isSpendable(lot: Lot, now: Date): boolean {
  return lot.status === 'active' && lot.remaining > 0 && new Date(lot.expires_at) > now;
}

/** Points that can be spent now: a lot past `expires_at` never counts, swept or not. */
export function spendableBalance(w: Pick<Wallet, 'lots'>, now: Date): number {
  return w.lots.reduce((sum, l) => sum + (isSpendable(l, now) ? l.remaining : 0), 0);
}

/** Spendable lots, earliest expiry first (ties by id, so the order is stable). */
export function spendOrder(lots: readonly Lot[], now: Date): Lot[] {
  return lots
    .filter((l) => isSpendable(l, now))
    .sort((a, b) => (a.expires_at === b.expires_at ? (a.lot_id < b.lot_id ? -1 : 1) : a.expires_at < b.expires_at ? -1 : 1));
}

/** The state after `entry`: its lot changes replace the lots they name; a closed lot leaves. */
export function applyEntry(w: Wallet, entry: Pick<LedgerEntry, 'seq' | 'lot_changes' | 'tombstones'>): Wallet {
  const changed = new Map(entry.lot_changes.map((l) => [l.lot_id, l]));
  const lots = w.lots.filter((l) => !changed.has(l.lot_id));
  for (const l of entry.lot_changes) if (l.status === 'active') lots.push(l);
  let tombstones = w.tombstones;
  if (entry.tombstones) {
    const { add = [], remove = [] } = entry.tombstones;
    tombstones = [...tombstones.filter((t) => !remove.includes(t)), ...add.filter((t) => !tombstones.includes(t))];
  }
  return { customer_id: w.customer_id, seq: entry.seq, lots, tombstones };
}

/** The state after each of `entries`, in order. */
export function applyEntries(w: Wallet, entries: readonly LedgerEntry[]): Wallet {
  return entries.reduce(applyEntry, w);
}

/** The instant a lot's expiry reminder is due. */
export function reminderAt(lot: Lot, reminderDays: number): string {
  return new Date(new Date(lot.expires_at).getTime() - reminderDays * 86_400_000).toISOString();
}

/** The snapshot of a state, with its sweep indexes; `remindedThrough` is carried over from the stored one. */
export function snapshotOf(w: Wallet, reminderDays: number, remindedThrough: string | null): WalletSnapshot {
  let nextExpiry: string | null = null;
  let nextReminder: string | null = null;
  for (const l of w.lots) {
    if (l.status !== 'active' || l.remaining <= 0) continue;
    if (nextExpiry === null || l.expires_at < nextExpiry) nextExpiry = l.expires_at;
    const at = reminderAt(l, reminderDays);
    if ((remindedThrough === null || at > remindedThrough) && (nextReminder === null || at < nextReminder)) nextReminder = at;
  }
  return {
    ...w,
    next_expiry_at: nextExpiry,
    next_reminder_at: nextReminder,
    reminded_through: remindedThrough,
    balance: bookBalance(w),
  };
}
