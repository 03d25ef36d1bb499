import type { Collection, Db, Document, Filter } from 'mongodb';
import { isDuplicateKey, usageDocument } from '../runtime/mongo-documents.js';
import type { Usage, UsageState } from './usage.js';
import type { InsertUsageOutcome, UsagePatch, UsageStore } from './usage-store.js';

type UsageDoc = Usage & { _id: string };

const maxAttempts = 10;

/**
 * Usages in MongoDB `referral_usages` (`_id` = usage id). Plain unique indexes on the live
 * keys settle "one live usage per deal" and "per referee" (a dead usage holds `dead:<id>`).
 */
export class MongoUsageStore implements UsageStore {
  readonly #usages: Collection<UsageDoc>;

  constructor(db: Db) {
    this.#usages = db.collection<UsageDoc>('referral_usages', { ignoreUndefined: true });
  }

  /** Creates the unique live-key indexes and the query indexes; idempotent. */
  static async createIndexes(db: Db): Promise<void> {
    await db.collection('referral_usages').createIndexes([
      { key: { live_deal_key: 1 }, unique: true },
      { key: { live_referee_key: 1 }, unique: true },
      { key: { deal_id: 1 } },
      { key: { referrer_id: 1 } },
      { key: { referee_id: 1 } },
      { key: { deal_sync_pending: 1, updated_at: 1 } },
    ]);
  }

  async insertUsage(usage: Usage): Promise<InsertUsageOutcome> {
    for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
      try {
        await this.#usages.insertOne({ _id: usage.usage_id, ...usage });
        return 'inserted';
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      // Some servers do not say which unique index fired: read the holders back.
      const holders = await this.#usages
        .find(
          { $or: [{ _id: usage.usage_id }, { live_referee_key: usage.live_referee_key }, { live_deal_key: usage.live_deal_key }] },
          { projection: { live_deal_key: 1, live_referee_key: 1 } },
        )
        .toArray();
      if (holders.some((h) => h._id === usage.usage_id)) throw new Error(`Duplicate usage id ${usage.usage_id}`);
      if (holders.some((h) => h.live_referee_key === usage.live_referee_key)) return 'referee_taken';
      if (holders.some((h) => h.live_deal_key === usage.live_deal_key)) return 'deal_taken';
      // The holder let go between the insert and the read: insert again.
    }
    throw new Error(`Usage ${usage.usage_id} stayed contended for ${maxAttempts} attempts`);
  }

  async getUsage(usageId: string): Promise<Usage | null> {
    return toUsage(await this.#usages.findOne({ _id: usageId }));
  }

  async findLiveUsageByDeal(dealId: string): Promise<Usage | null> {
    return toUsage(await this.#usages.findOne({ live_deal_key: dealId }));
  }

  async findLiveUsageByReferee(refereeId: string): Promise<Usage | null> {
    return toUsage(await this.#usages.findOne({ live_referee_key: refereeId }));
  }

  async listUsagesByDeal(dealId: string): Promise<Usage[]> {
    return this.#list({ deal_id: dealId }, { applied_at: -1, _id: -1 });
  }

  async listUsagesByReferrer(referrerId: string): Promise<Usage[]> {
    return this.#list({ referrer_id: referrerId }, { applied_at: 1, _id: 1 });
  }

  async listUsagesByReferee(refereeId: string): Promise<Usage[]> {
    return this.#list({ referee_id: refereeId }, { applied_at: 1, _id: 1 });
  }

  async transitionUsage(
    usageId: string,
    from: readonly UsageState[],
    patch: UsagePatch,
    creditStatus?: Usage['credit_status'],
  ): Promise<Usage | null> {
    const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const doc = await this.#usages.findOneAndUpdate(
      { _id: usageId, state: { $in: [...from] }, ...(creditStatus === undefined ? {} : { credit_status: creditStatus }) },
      { ...(Object.keys(set).length > 0 ? { $set: set } : {}), $inc: { version: 1 } },
      { returnDocument: 'after' },
    );
    return toUsage(doc);
  }

  async listDealSyncPending(limit: number): Promise<Usage[]> {
    return this.#list({ deal_sync_pending: true }, { updated_at: 1, _id: 1 }, limit);
  }

  async markDealSynced(synced: ReadonlyArray<Pick<Usage, 'usage_id' | 'version'>>): Promise<void> {
    if (synced.length === 0) return;
    await this.#usages.bulkWrite(
      synced.map((s) => ({
        updateOne: { filter: { _id: s.usage_id, version: s.version }, update: { $set: { deal_sync_pending: false } } },
      })),
      { ordered: false },
    );
  }

  async listUsages(afterId: string | null, limit: number): Promise<Usage[]> {
    return this.#list(afterId === null ? {} : { _id: { $gt: afterId } }, { _id: 1 }, limit);
  }

  async #list(filter: Filter<UsageDoc>, sort: Record<string, 1 | -1>, limit?: number): Promise<Usage[]> {
    // `limit(0)` means "no limit" to MongoDB; the port means none.
    if (limit !== undefined && limit <= 0) return [];
    const cursor = this.#usages.find(filter).sort(sort);
    if (limit !== undefined) cursor.limit(limit);
    return (await cursor.toArray()).map((d) => usageDocument.parse(d));
  }
}

function toUsage(doc: Document | null): Usage | null {
  return doc ? usageDocument.parse(doc) : null;
}
