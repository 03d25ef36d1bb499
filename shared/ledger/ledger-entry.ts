/** Kinds of point movement. Stored as these strings. */
export const ledgerEntryTypes = ['CREDIT', 'REDEEM', 'REDEEM_REVERSAL', 'EXPIRE', 'CLAWBACK', 'ADJUST'] as const;
/** One of {@link ledgerEntryTypes}. */
export type LedgerEntryType = (typeof ledgerEntryTypes)[number];

/** What caused a movement. */
export interface LedgerCause {
  type: 'usage' | 'redemption' | 'admin' | 'expiry';
  usage_id?: string;
  deal_id?: string;
  redemption_id?: string;
  reason?: string;
}

/** One immutable point movement (MongoDB `points_ledger`). */
export interface LedgerEntry {
  /** Deterministic: the idempotency key of the movement. */
  entry_id: string;
  customer_id: string;
  type: LedgerEntryType;
  /** Signed: positive adds to the balance. */
  points: number;
  /** The book balance (sum of lots' remaining) right after this entry. */
  balance_after: number;
  /** The wallet version that wrote it; orders a customer's entries. */
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
}
