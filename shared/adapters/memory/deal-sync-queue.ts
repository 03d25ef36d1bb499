import { randomUUID } from 'node:crypto';
import type { DealSyncItem, DealSyncQueue } from '../../deals/deal-sync-queue.js';

/** In-memory deal sync queue. */
export class MemoryDealSyncQueue implements DealSyncQueue {
  readonly #items: DealSyncItem[] = [];

  async enqueue(dealId: string): Promise<void> {
    this.#items.push({ id: `${Date.now().toString(36).padStart(10, '0')}-${randomUUID()}`, deal_id: dealId });
  }

  async list(limit: number): Promise<DealSyncItem[]> {
    return this.#items.slice(0, limit).map((i) => ({ ...i }));
  }

  async remove(ids: readonly string[]): Promise<void> {
    const gone = new Set(ids);
    for (let i = this.#items.length - 1; i >= 0; i -= 1) if (gone.has(this.#items[i]!.id)) this.#items.splice(i, 1);
  }
}
