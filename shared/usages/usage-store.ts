import type { Usage, UsageState } from './usage.js';

/** Why an insert was refused: which live key another usage holds. */
export type InsertUsageOutcome = 'inserted' | 'deal_taken' | 'referee_taken';

/** Fields a transition may change. */
export type UsagePatch = Partial<
  Pick<
    Usage,
    | 'state'
    | 'credit_status'
    | 'credit_released'
    | 'live_deal_key'
    | 'live_referee_key'
    | 'converted_at'
    | 'ended_at'
    | 'end_reason'
    | 'payment_id'
    | 'deal_sync_pending'
    | 'updated_at'
  >
>;

/** Referral usages (MongoDB `referral_usages`). */
export interface UsageStore {
  /** Inserts a usage; unique live keys settle races for a deal or a referee. */
  insertUsage(usage: Usage): Promise<InsertUsageOutcome>;
  getUsage(usageId: string): Promise<Usage | null>;
  findLiveUsageByDeal(dealId: string): Promise<Usage | null>;
  findLiveUsageByReferee(refereeId: string): Promise<Usage | null>;
  /** Every usage of a deal, newest first. */
  listUsagesByDeal(dealId: string): Promise<Usage[]>;
  listUsagesByReferrer(referrerId: string): Promise<Usage[]>;
  listUsagesByReferee(refereeId: string): Promise<Usage[]>;
  /**
   * Applies the patch only when the usage is in one of `from` (and, when given, has
   * `creditStatus`), bumping its version. Returns the usage after, or null when it did not match.
   */
  transitionUsage(
    usageId: string,
    from: readonly UsageState[],
    patch: UsagePatch,
    creditStatus?: Usage['credit_status'],
  ): Promise<Usage | null>;
  /** Usages whose deal field awaits the deal sync, oldest change first. */
  listDealSyncPending(limit: number): Promise<Usage[]>;
  /** Clears `deal_sync_pending` where the version is still the one synced. */
  markDealSynced(synced: ReadonlyArray<Pick<Usage, 'usage_id' | 'version'>>): Promise<void>;
  /** All usages in id order after `afterId` (reconcile). */
  listUsages(afterId: string | null, limit: number): Promise<Usage[]>;
}
