import type { ReferralStats } from '../../customers/customer.js';
import { isLive, recountStats, type Usage } from '../../usages/usage.js';
import type { ReviewStatus } from '../../usages/review-state.js';
import {
  fieldsToSet,
  transitionGuard,
  type InsertUsageOutcome,
  type ReviewOrder,
  type UsageOrder,
  type UsageStore,
} from '../../usages/usage-store.js';

/** In-memory usages, with the unique live keys and versioned transitions of the real store. */
export class MemoryUsageStore implements UsageStore {
  readonly #usages = new Map<string, Usage>();

  async insertUsage(usage: Usage): Promise<InsertUsageOutcome> {
    if (this.#usages.has(usage.usage_id)) throw new Error(`Duplicate usage id ${usage.usage_id}`);
    const held = [...this.#usages.values()];
    if (held.some((u) => u.live_referee_key === usage.live_referee_key)) return 'referee_taken';
    if (held.some((u) => u.live_deal_key === usage.live_deal_key)) return 'deal_taken';
    this.#usages.set(usage.usage_id, structuredClone(usage));
    return 'inserted';
  }

  async getUsage(usageId: string): Promise<Usage | null> {
    const u = this.#usages.get(usageId);
    return u ? structuredClone(u) : null;
  }

  async findLiveUsageByDeal(dealId: string): Promise<Usage | null> {
    return this.#filter((u) => u.live_deal_key === dealId)[0] ?? null;
  }

  async findLiveUsageByReferee(refereeId: string): Promise<Usage | null> {
    return this.#filter((u) => u.live_referee_key === refereeId)[0] ?? null;
  }

  async listUsagesByDeal(dealId: string): Promise<Usage[]> {
    return this.#newest((u) => u.deal_id === dealId);
  }

  async listUsagesByReferrer(referrerId: string, limit: number): Promise<Usage[]> {
    return this.#newest((u) => u.referrer_id === referrerId, limit);
  }

  async referrerStats(referrerId: string): Promise<ReferralStats> {
    return recountStats(this.#filter((u) => u.referrer_id === referrerId));
  }

  async countLiveByReferrer(referrerId: string, before?: Pick<Usage, 'applied_at' | 'usage_id'>): Promise<number> {
    return this.#filter(
      (u) =>
        u.referrer_id === referrerId &&
        isLive(u.state) &&
        (before === undefined || u.applied_at < before.applied_at || (u.applied_at === before.applied_at && u.usage_id < before.usage_id)),
    ).length;
  }

  async listUsagesByReferee(refereeId: string, limit: number): Promise<Usage[]> {
    return this.#newest((u) => u.referee_id === refereeId, limit);
  }

  /** Typed by the port, so the signature is stated once. */
  readonly transitionUsage: UsageStore['transitionUsage'] = async (current, from, patch, creditStatus) => {
    const u = this.#usages.get(current.usage_id);
    if (!u || !transitionGuard(from, creditStatus)(u)) return null;
    Object.assign(u, fieldsToSet(patch), { version: u.version + 1 });
    return structuredClone(u);
  };

  async countCreditedByReferrer(referrerId: string): Promise<number> {
    return this.#filter((u) => u.referrer_id === referrerId && u.state === 'converted' && u.credit_status === 'credited').length;
  }

  async listPendingCredits(referrerId: string, limit: number): Promise<Usage[]> {
    return this.#filter((u) => u.referrer_id === referrerId && u.state === 'converted' && u.credit_status === 'pending')
      .sort((a, b) => ((a.credit_available_at ?? '') < (b.credit_available_at ?? '') ? -1 : 1))
      .slice(0, Math.max(0, limit));
  }

  async listDueHolds(now: string, limit: number): Promise<Usage[]> {
    return this.#filter((u) => u.hold_due_at !== null && u.hold_due_at <= now)
      .sort((a, b) =>
        a.hold_due_at === b.hold_due_at ? (a.usage_id < b.usage_id ? -1 : 1) : (a.hold_due_at ?? '') < (b.hold_due_at ?? '') ? -1 : 1,
      )
      .slice(0, Math.max(0, limit));
  }

  async clearHoldMarks(usageIds: readonly string[]): Promise<void> {
    for (const id of usageIds) {
      const u = this.#usages.get(id);
      if (u) u.hold_due_at = null;
    }
  }

  async pageUsagesByReferrer(referrerId: string, before: UsageOrder | null, limit: number): Promise<Usage[]> {
    return this.#newest(
      (u) =>
        u.referrer_id === referrerId &&
        (before === null || u.applied_at < before.applied_at || (u.applied_at === before.applied_at && u.usage_id < before.usage_id)),
      limit,
    );
  }

  async pageUsagesByReferee(refereeId: string, before: UsageOrder | null, limit: number): Promise<Usage[]> {
    return this.#newest(
      (u) =>
        u.referee_id === refereeId &&
        (before === null || u.applied_at < before.applied_at || (u.applied_at === before.applied_at && u.usage_id < before.usage_id)),
      limit,
    );
  }

  async listReviews(status: ReviewStatus, after: ReviewOrder | null, limit: number): Promise<Usage[]> {
    const key = (u: Usage) => [u.review?.opened_at ?? '', u.usage_id] as const;
    const isAfter = (u: Usage) => {
      const [at, id] = key(u);
      return after === null || at > after.opened_at || (at === after.opened_at && id > after.usage_id);
    };
    return this.#filter((u) => (status !== 'open' || u.state === 'converted') && u.review?.status === status && isAfter(u))
      .sort((a, b) => {
        const [x, y] = [key(a), key(b)];
        return x[0] === y[0] ? (x[1] < y[1] ? -1 : 1) : x[0] < y[0] ? -1 : 1;
      })
      .slice(0, Math.max(0, limit));
  }

  async listUsages(afterId: string | null, limit: number): Promise<Usage[]> {
    return this.#filter((u) => afterId === null || u.usage_id > afterId)
      .sort((a, b) => (a.usage_id < b.usage_id ? -1 : 1))
      .slice(0, limit);
  }

  /** The usages `pred` selects, newest first (ties by id, highest first), at most `limit`. */
  #newest(pred: (u: Usage) => boolean, limit = Number.POSITIVE_INFINITY): Usage[] {
    return this.#filter(pred)
      .sort((a, b) => (a.applied_at === b.applied_at ? (a.usage_id < b.usage_id ? 1 : -1) : a.applied_at < b.applied_at ? 1 : -1))
      .slice(0, Math.max(0, limit));
  }

  #filter(pred: (u: Usage) => boolean): Usage[] {
    return [...this.#usages.values()].filter(pred).map((u) => structuredClone(u));
  }
}
