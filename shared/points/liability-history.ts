/** One day's figure of outstanding points (MongoDB `liability_history`, `_id` = the UTC day). */
export interface LiabilityDay {
  /** The UTC day, `YYYY-MM-DD`. */
  day: string;
  as_of: string;
  outstanding_points: number;
  outstanding_value: { amount: number; currency: string };
  expiring_within_30_days_points: number;
  expired_awaiting_sweep_points: number;
  customers_with_balance: number;
}

/** The daily liability figures: one per UTC day, insert-only, read by a range of days. */
export interface LiabilityHistoryStore {
  /** Keeps the day's figure unless the day has one: `duplicate` then, and the first stays. */
  insertDay(day: LiabilityDay): Promise<'inserted' | 'duplicate'>;
  /** The figures of days `from` to `to` (both included), oldest first: at most one per day. */
  listDays(from: string, to: string): Promise<LiabilityDay[]>;
}
