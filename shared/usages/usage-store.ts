import type { ReferralStats } from '../customers/customer.js';
import type { CreditStatus, Usage, UsageState } from './usage.js';
import type { ReviewStatus } from './review-state.js';

/** Why an insert was refused: which live key another usage holds. */
export type InsertUsageOutcome = 'inserted' | 'deal_taken' | 'referee_taken';

/** Where a usage stands in a referrer's list: its `applied_at`, then its id. */
export interface UsageOrder {
  applied_at: string;
  usage_id: string;
}

/** Where a usage stands in the review queue: when its case opened, then its id. */
export interface ReviewOrder {
  opened_at: string;
  usage_id: string;
}

/** Fields a transition may change. */
export type UsagePatch = Partial<
  Pick<
    Usage,
    | 'state'
    | 'credit_status'
    | 'credit_released'
    | 'credit_available_at'
    | 'hold_due_at'
    | 'live_deal_key'
    | 'live_referee_key'
    | 'converted_at'
    | 'ended_at'
    | 'end_reason'
    | 'payment_id'
    | 'review'
    | 'updated_at'
  >
>;

/** {@link UsageStore.transitionUsage}'s guards: whether a usage is in one of `from` and, when given, has `creditStatus`. */
export function transitionGuard(from: readonly UsageState[], creditStatus?: CreditStatus): (u: Usage) => boolean {
  return (u) => from.includes(u.state) && (creditStatus === undefined || u.credit_status === creditStatus);
}

/** The fields a transition sets: those the patch leaves undefined keep their stored value. */
export function fieldsToSet(patch: UsagePatch): UsagePatch {
  return Object.fromEntries(Object.entries(patch as Record<string, unknown>).filter(([, v]) => v !== undefined));
}

/** Referral usages (MongoDB `referral_usages`). */
export interface UsageStore {
  /** Inserts a usage; unique live keys settle races for a deal or a referee. */
  insertUsage(usage: Usage): Promise<InsertUsageOutcome>;
  getUsage(usageId: string): Promise<Usage | null>;
  findLiveUsageByDeal(dealId: string): Promise<Usage | null>;
  findLiveUsageByReferee(refereeId: string): Promise<Usage | null>;
  /** Every usage of a deal, newest first (ties by id). */
  listUsagesByDeal(dealId: string): Promise<Usage[]>;
  /** A referrer's newest usages (ties by id, highest first), at most `limit`: never the whole history. */
  listUsagesByReferrer(referrerId: string, limit: number): Promise<Usage[]>;
  /** A referrer's stats, counted and summed by the store (a few server-side counts), never by reading every usage. */
  referrerStats(referrerId: string): Promise<ReferralStats>;
  /** How many live usages the referrer has, or, with `before`, how many were applied before it (its rank). */
  countLiveByReferrer(referrerId: string, before?: Pick<Usage, 'applied_at' | 'usage_id'>): Promise<number>;
  /** A referee's newest usages, as {@link listUsagesByReferrer}. */
  listUsagesByReferee(refereeId: string, limit: number): Promise<Usage[]>;
  /**
   * Moves a usage on from the version the caller read (`current`), if it is in one of `from`
   * (and has `creditStatus`, when given). Of concurrent transitions of one usage exactly one
   * succeeds; when `current` is stale, the store re-reads and re-checks the guards. Returns the
   * usage after (version + 1), or null when the guards no longer hold.
   */
  transitionUsage(
    current: Usage,
    from: readonly UsageState[],
    patch: UsagePatch,
    creditStatus?: Usage['credit_status'],
  ): Promise<Usage | null>;
  /** How many of the referrer's usages are converted and credited (milestones), counted by the store. */
  countCreditedByReferrer(referrerId: string): Promise<number>;
  /** The referrer's held credits (converted, `pending`), soonest release first, at most `limit`. */
  listPendingCredits(referrerId: string, limit: number): Promise<Usage[]>;
  /** Usages whose hold mark is due at `now` (`hold_due_at` at or before it), earliest first, at most `limit`. */
  listDueHolds(now: string, limit: number): Promise<Usage[]>;
  /**
   * Clears the hold marks of the given usages in one bulk write. The mark is only the sweep's
   * index: a transition that rewrites a usage from an older read may restore it, and then the
   * sweep finds the usage once more and finds nothing left to do.
   */
  clearHoldMarks(usageIds: readonly string[]): Promise<void>;
  /**
   * A referrer's usages newest first (by `applied_at`, then id, highest first), at most `limit`,
   * starting after `before` (the last of the previous page): one indexed range, whatever the history.
   */
  pageUsagesByReferrer(referrerId: string, before: UsageOrder | null, limit: number): Promise<Usage[]>;
  /** A referee's usages, paged as {@link pageUsagesByReferrer} (the admin's view of a customer). */
  pageUsagesByReferee(refereeId: string, before: UsageOrder | null, limit: number): Promise<Usage[]>;
  /**
   * Usages whose review case has `status` (for `open`, converted ones only), oldest case first (by `review.opened_at`,
   * then id), at most `limit`, starting after `after` (the last of the previous page).
   */
  listReviews(status: ReviewStatus, after: ReviewOrder | null, limit: number): Promise<Usage[]>;
  /** All usages in id order after `afterId` (reconcile). */
  listUsages(afterId: string | null, limit: number): Promise<Usage[]>;
}
