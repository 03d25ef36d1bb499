import type { OutboundEvent } from '../notifications/notification.js';
import type { Lot } from '../points/lot.js';

/** Kinds of point movement. Stored as these strings. */
export const ledgerEntryTypes = ['CREDIT', 'REDEEM', 'REDEEM_REVERSAL', 'EXPIRE', 'CLAWBACK', 'ADJUST'] as const;
/** One of {@link ledgerEntryTypes}. */
export type LedgerEntryType = (typeof ledgerEntryTypes)[number];

/** What caused a movement. */
export interface LedgerCause {
  type: 'usage' | 'redemption' | 'admin' | 'expiry' | 'milestone';
  usage_id?: string;
  /** For a milestone bonus: the count of successful referrals it rewards. */
  milestone?: number;
  deal_id?: string;
  redemption_id?: string;
  reason?: string;
}

/** What a redemption answers, kept on its `REDEEM` entry so a retry answers the same. */
export interface RedemptionRecord {
  redemption_id: string;
  deal_id: string;
  points: number;
  /** Spendable balance right after the redemption. */
  balance_after: number;
  allocations: Array<{ lot_id: string; points: number }>;
}

/**
 * One immutable point movement (MongoDB `points_ledger`, `_id` = `<customer>#<seq>`). The
 * ledger is the wallet's commit log: an entry carries the after-state of every lot it touched,
 * so the wallet at any seq is its stored head and lots plus the entries after them (docs/rules.md §2.6).
 */
export interface LedgerEntry {
  /** Deterministic: the idempotency key of the movement. */
  entry_id: string;
  customer_id: string;
  type: LedgerEntryType;
  /** Signed: positive adds to the balance. */
  points: number;
  /** The book balance (sum of lots' remaining) right after this entry. */
  balance_after: number;
  /** The customer's entry number, 1, 2, 3…: of racing writers exactly one inserts the next. */
  seq: number;
  lots: Array<{ lot_id: string; points: number }>;
  cause: LedgerCause;
  actor: string;
  created_at: string;
  /** For a clawback: points already spent that could not be taken back (finance follows up). */
  shortfall?: number;
  /** Hash of the request that caused it, so a reused idempotency key with other input is refused. */
  request_hash?: string;
  /** For a reversing entry: the entry it corrects. */
  reverses?: string;
  /** The after-state of every lot this entry touched; a lot no longer `active` leaves the wallet. */
  lot_changes: Lot[];
  /** Reward lots clawed back before their credit (added) or whose late credit arrived (removed). */
  tombstones?: { add?: string[]; remove?: string[] };
  /** Messages this movement causes; published by its writer, or by whoever finds them unpublished. */
  events: OutboundEvent[];
  /** On a `REDEEM`: what the redemption answers. */
  redemption?: RedemptionRecord;
  /** Wall-clock milliseconds when it was written (reconcile's change feed; not business time). */
  written_at: number;
}
