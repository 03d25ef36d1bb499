import { randomBytes } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { dealSyncItemDocument } from './documents.js';
import type { DealSyncItem, DealSyncQueue } from '../../deals/deal-sync-queue.js';
import { retryingWriteConflicts } from './write-conflict.js';

type ItemDoc = { _id: string; deal_id: string };

let sequence = 0;

/**
 * The deal sync queue in MongoDB `deal_sync_queue`, one document per queued deal. Only inserts
 * and deletes by `_id`, which every server applies atomically; `_id` orders the queue by the time
 * of queuing (then by a per-process sequence, then at random).
 */
export class MongoDealSyncQueue implements DealSyncQueue {
  readonly #items: Collection<ItemDoc>;

  constructor(db: Db) {
    this.#items = db.collection<ItemDoc>('deal_sync_queue');
  }

  async enqueue(dealId: string): Promise<void> {
    await retryingWriteConflicts(() => this.#items.insertOne({ _id: queueId(), deal_id: dealId }));
  }

  async list(limit: number): Promise<DealSyncItem[]> {
    // `limit(0)` means "no limit" to MongoDB; the port means none.
    if (limit <= 0) return [];
    const docs = await this.#items.find({}).sort({ _id: 1 }).limit(limit).toArray();
    return docs.map((d) => {
      const item = dealSyncItemDocument.parse(d);
      return { id: item._id, deal_id: item.deal_id };
    });
  }

  async remove(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.#items.deleteMany({ _id: { $in: [...ids] } });
  }
}

/** A unique id that sorts in the order of queuing: milliseconds, a sequence, a random tail. */
function queueId(): string {
  sequence = (sequence + 1) % 36 ** 6;
  return `${Date.now().toString(36).padStart(10, '0')}-${sequence.toString(36).padStart(6, '0')}-${randomBytes(4).toString('hex')}`;
}
