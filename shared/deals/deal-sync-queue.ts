/** A deal whose `referral_code_applied` must be written to the deal store. */
export interface DealSyncItem {
  id: string;
  deal_id: string;
}

/**
 * Deals waiting for the deal sync (MongoDB `deal_sync_queue`). Only inserts and deletes, so
 * no change is lost to a concurrent one: an item queued while a batch is written is a new item,
 * left for the next run.
 */
export interface DealSyncQueue {
  /** Queues a deal; queuing one twice is harmless. */
  enqueue(dealId: string): Promise<void>;
  /** The oldest items, at most `limit`. */
  list(limit: number): Promise<DealSyncItem[]>;
  /** Removes items that have been synced. */
  remove(ids: readonly string[]): Promise<void>;
}
