import { ContentionError } from '../../core/result.js';
import { ensureIndexes } from './indexes.js';
import type { ServerCapabilities } from './update-isolation.js';
import type { Db, Document, Filter } from 'mongodb';
import { isDuplicateKey, usageDocument } from './documents.js';
import { VersionedCollection, type HeadDocument } from './versioned-collection.js';
import type { ReferralStats } from '../../customers/customer.js';
import type { Usage } from '../../usages/usage.js';
import type { ReviewStatus } from '../../usages/review-state.js';
import {
  fieldsToSet,
  transitionGuard,
  type InsertUsageOutcome,
  type ReviewOrder,
  type UsageOrder,
  type UsageStore,
} from '../../usages/usage-store.js';
import { retryingWriteConflicts } from './write-conflict.js';

const maxAttempts = 10;

/**
 * Usages in MongoDB: the current version in `referral_usages` (`_id` = usage id), every version
 * in `referral_usages_versions`. Plain unique indexes on the heads' live keys settle "one live
 * usage per deal" and "per referee" (a dead usage holds `dead:<id>`); an insert is atomic on
 * every server. A transition commits the next version by insert, so of racing transitions of
 * one usage exactly one wins, then replaces the head.
 */
export class MongoUsageStore implements UsageStore {
  readonly #usages: VersionedCollection<Usage>;

  readonly #conditionalGroups: boolean;

  constructor(db: Db, options: Pick<ServerCapabilities, 'isolatedUpdates' | 'conditionalGroups'>) {
    this.#usages = new VersionedCollection<Usage>(db, 'referral_usages', { parse: toUsage, head: (u) => u }, options);
    this.#conditionalGroups = options.conditionalGroups;
  }

  /** Creates the unique live-key indexes and the query indexes; idempotent. */
  static async createIndexes(db: Db): Promise<void> {
    await ensureIndexes(db.collection('referral_usages'), [
      { key: { live_deal_key: 1 }, unique: true },
      { key: { live_referee_key: 1 }, unique: true },
      { key: { deal_id: 1 } },
      { key: { referrer_id: 1, state: 1, applied_at: 1 } },
      { key: { referee_id: 1 } },
      { key: { referrer_id: 1, credit_status: 1, credit_available_at: 1 } },
      { key: { hold_due_at: 1 } },
      // The referrer's own list, paged newest first, and the review queue, paged oldest first.
      { key: { referrer_id: 1, applied_at: 1, _id: 1 } },
      // A referee's usages, paged newest first (the admin's view of a customer).
      { key: { referee_id: 1, applied_at: 1, _id: 1 } },
      { key: { 'review.status': 1, state: 1, 'review.opened_at': 1, _id: 1 } },
    ]);
  }

  async insertUsage(usage: Usage): Promise<InsertUsageOutcome> {
    for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
      // The head is version 1; versions are committed from 2 on, each by the transition that makes it.
      if (await this.#insertHead(usage)) return 'inserted';
      // Some servers do not say which unique index fired: read the holders back.
      const holders = await this.#usages.heads
        .find(
          { $or: [{ _id: usage.usage_id }, { live_referee_key: usage.live_referee_key }, { live_deal_key: usage.live_deal_key }] },
          { projection: { live_deal_key: 1, live_referee_key: 1 } },
        )
        .toArray();
      if (holders.some((h) => h._id === usage.usage_id)) throw new Error(`Duplicate usage id ${usage.usage_id}`);
      if (holders.some((h) => h['live_referee_key'] === usage.live_referee_key)) return 'referee_taken';
      if (holders.some((h) => h['live_deal_key'] === usage.live_deal_key)) return 'deal_taken';
      // The holder let go between the insert and the read: insert again.
    }
    throw new ContentionError(`Usage ${usage.usage_id} stayed contended for ${maxAttempts} attempts`);
  }

  async getUsage(usageId: string): Promise<Usage | null> {
    return this.#usages.readHead(usageId);
  }

  async findLiveUsageByDeal(dealId: string): Promise<Usage | null> {
    const doc = await this.#usages.heads.findOne({ live_deal_key: dealId });
    return doc ? toUsage(doc) : null;
  }

  async findLiveUsageByReferee(refereeId: string): Promise<Usage | null> {
    const doc = await this.#usages.heads.findOne({ live_referee_key: refereeId });
    return doc ? toUsage(doc) : null;
  }

  async listUsagesByDeal(dealId: string): Promise<Usage[]> {
    return this.#list({ deal_id: dealId }, { applied_at: -1, _id: -1 });
  }

  async listUsagesByReferrer(referrerId: string, limit: number): Promise<Usage[]> {
    return this.#list({ referrer_id: referrerId }, { applied_at: -1, _id: -1 }, limit);
  }

  /** One aggregation where the server has `$cond` and several accumulators per `$group`, otherwise four commands. */
  async referrerStats(referrerId: string): Promise<ReferralStats> {
    return this.#conditionalGroups ? this.#statsAtOnce(referrerId) : this.#statsOneByOne(referrerId);
  }

  async #statsAtOnce(referrerId: string): Promise<ReferralStats> {
    const is = (state: string): Document => ({ $eq: ['$state', state] });
    const live = { $or: [is('applied'), is('converted')] };
    const credited = { $and: [is('converted'), { $eq: ['$credit_status', 'credited'] }] };
    const [row] = await this.#usages.heads
      .aggregate<{ pending: number; successful: number; discount: number; points: number }>([
        { $match: { referrer_id: referrerId } },
        {
          $group: {
            _id: null,
            pending: { $sum: { $cond: [is('applied'), 1, 0] } },
            successful: { $sum: { $cond: [is('converted'), 1, 0] } },
            discount: { $sum: { $cond: [live, '$discount.amount', 0] } },
            points: { $sum: { $cond: [credited, '$reward_points', 0] } },
          },
        },
      ])
      .toArray();
    const { pending = 0, successful = 0, discount = 0, points = 0 } = row ?? {};
    return {
      total_uses: pending + successful,
      successful_referrals: successful,
      pending_referrals: pending,
      total_points_earned: points,
      total_discount_given: discount,
    };
  }

  async #statsOneByOne(referrerId: string): Promise<ReferralStats> {
    const heads = this.#usages.heads;
    // One figure per command: FerretDB v1 computes only a $group's first accumulator.
    const sum = async (match: Filter<HeadDocument>, field: string): Promise<number> => {
      const [row] = await heads
        .aggregate<{ n: number }>([{ $match: { referrer_id: referrerId, ...match } }, { $group: { _id: null, n: { $sum: field } } }])
        .toArray();
      return row?.n ?? 0;
    };
    const [pending, successful, discount, points] = await Promise.all([
      heads.countDocuments({ referrer_id: referrerId, state: 'applied' }),
      heads.countDocuments({ referrer_id: referrerId, state: 'converted' }),
      sum({ state: { $in: ['applied', 'converted'] } }, '$discount.amount'),
      sum({ state: 'converted', credit_status: 'credited' }, '$reward_points'),
    ]);
    return {
      total_uses: pending + successful,
      successful_referrals: successful,
      pending_referrals: pending,
      total_points_earned: points,
      total_discount_given: discount,
    };
  }

  async countLiveByReferrer(referrerId: string, before?: Pick<Usage, 'applied_at' | 'usage_id'>): Promise<number> {
    const earlier = before
      ? { $or: [{ applied_at: { $lt: before.applied_at } }, { applied_at: before.applied_at, _id: { $lt: before.usage_id } }] }
      : {};
    return this.#usages.heads.countDocuments({ referrer_id: referrerId, state: { $in: ['applied', 'converted'] }, ...earlier });
  }

  async listUsagesByReferee(refereeId: string, limit: number): Promise<Usage[]> {
    return this.#list({ referee_id: refereeId }, { applied_at: -1, _id: -1 }, limit);
  }

  /** Typed by the port, so the signature is stated once. */
  readonly transitionUsage: UsageStore['transitionUsage'] = async (current, from, patch, creditStatus) => {
    const set = fieldsToSet(patch);
    const allowed = transitionGuard(from, creditStatus);
    // Guards that fail on the caller's version may hold on a newer one: then read the stored usage.
    const start = allowed(current) ? current : undefined;
    const outcome = await this.#usages.change(current.usage_id, start, (u) => (u && allowed(u) ? { ...u, ...set } : null), {
      create: false,
    });
    return outcome.changed ? outcome.value : null;
  };

  async countCreditedByReferrer(referrerId: string): Promise<number> {
    return this.#usages.heads.countDocuments({ referrer_id: referrerId, state: 'converted', credit_status: 'credited' });
  }

  async listPendingCredits(referrerId: string, limit: number): Promise<Usage[]> {
    return this.#list({ referrer_id: referrerId, state: 'converted', credit_status: 'pending' }, { credit_available_at: 1, _id: 1 }, limit);
  }

  async listDueHolds(now: string, limit: number): Promise<Usage[]> {
    return this.#list({ hold_due_at: { $ne: null, $lte: now } }, { hold_due_at: 1, _id: 1 }, limit);
  }

  async clearHoldMarks(usageIds: readonly string[]): Promise<void> {
    // FerretDB v1 never answers an update of 100 statements or more: chunks of 50.
    for (let i = 0; i < usageIds.length; i += 50) {
      const chunk = usageIds.slice(i, i + 50);
      await this.#usages.heads.bulkWrite(
        chunk.map((id) => ({ updateOne: { filter: { _id: id }, update: { $set: { hold_due_at: null } } } })),
        { ordered: false },
      );
    }
  }

  async pageUsagesByReferrer(referrerId: string, before: UsageOrder | null, limit: number): Promise<Usage[]> {
    const earlier = before
      ? { $or: [{ applied_at: { $lt: before.applied_at } }, { applied_at: before.applied_at, _id: { $lt: before.usage_id } }] }
      : {};
    return this.#list({ referrer_id: referrerId, ...earlier }, { applied_at: -1, _id: -1 }, limit);
  }

  async pageUsagesByReferee(refereeId: string, before: UsageOrder | null, limit: number): Promise<Usage[]> {
    const earlier = before
      ? { $or: [{ applied_at: { $lt: before.applied_at } }, { applied_at: before.applied_at, _id: { $lt: before.usage_id } }] }
      : {};
    return this.#list({ referee_id: refereeId, ...earlier }, { applied_at: -1, _id: -1 }, limit);
  }

  async listReviews(status: ReviewStatus, after: ReviewOrder | null, limit: number): Promise<Usage[]> {
    const later = after
      ? {
          $or: [{ 'review.opened_at': { $gt: after.opened_at } }, { 'review.opened_at': after.opened_at, _id: { $gt: after.usage_id } }],
        }
      : {};
    // The open queue lists converted usages only; a decided or closed case stays listed under its outcome, whatever came after.
    const state = status === 'open' ? { state: 'converted' } : {};
    return this.#list({ 'review.status': status, ...state, ...later }, { 'review.opened_at': 1, _id: 1 }, limit);
  }

  async listUsages(afterId: string | null, limit: number): Promise<Usage[]> {
    return this.#list(afterId === null ? {} : { _id: { $gt: afterId } }, { _id: 1 }, limit);
  }

  /** Inserts the head of a new usage; false when a unique index refused it. */
  async #insertHead(usage: Usage): Promise<boolean> {
    try {
      await retryingWriteConflicts(() => this.#usages.heads.insertOne({ _id: usage.usage_id, ...usage }));
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  async #list(filter: Filter<HeadDocument>, sort: Record<string, 1 | -1>, limit?: number): Promise<Usage[]> {
    // `limit(0)` means "no limit" to MongoDB; the port means none.
    if (limit !== undefined && limit <= 0) return [];
    const cursor = this.#usages.heads.find(filter).sort(sort);
    if (limit !== undefined) cursor.limit(limit);
    return (await cursor.toArray()).map(toUsage);
  }
}

function toUsage(doc: Document): Usage {
  return usageDocument.parse(doc);
}
