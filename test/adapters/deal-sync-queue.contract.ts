import { describe, expect, it } from 'vitest';
import type { DealSyncItem, DealSyncQueue } from '#shared/deals/deal-sync-queue.js';
import { race, useStore, type MakeStore } from './store-harness.js';

const deals = (items: readonly DealSyncItem[]) => items.map((i) => i.deal_id);

/** The contract of {@link DealSyncQueue}, run against every adapter. */
export function describeDealSyncQueueContract(name: string, makeStore: MakeStore<DealSyncQueue>): void {
  describe(`${name} deal sync queue`, () => {
    const store = useStore(makeStore);

    async function enqueue(...dealIds: string[]): Promise<void> {
      for (const d of dealIds) await store().enqueue(d);
    }

    it('lists nothing when nothing is queued', async () => {
      expect(await store().list(10)).toEqual([]);
    });

    it('lists queued deals oldest first, up to the limit', async () => {
      await enqueue('d-3', 'd-1', 'd-2');
      expect(deals(await store().list(2))).toEqual(['d-3', 'd-1']);
      expect(deals(await store().list(10))).toEqual(['d-3', 'd-1', 'd-2']);
    });

    it('lists nothing for a limit of zero', async () => {
      await enqueue('d-1');
      expect(await store().list(0)).toEqual([]);
    });

    it('keeps a deal queued twice as two items with their own ids', async () => {
      await enqueue('d-1', 'd-1');
      const items = await store().list(10);
      expect(deals(items)).toEqual(['d-1', 'd-1']);
      expect(new Set(items.map((i) => i.id)).size).toBe(2);
    });

    it('removes the items it is given and keeps the rest in order', async () => {
      await enqueue('d-1', 'd-2', 'd-3');
      const [first, , third] = await store().list(10);
      await store().remove([first!.id, third!.id]);
      expect(deals(await store().list(10))).toEqual(['d-2']);
    });

    it('keeps an item queued after a list when the listed items are removed', async () => {
      await enqueue('d-1', 'd-2');
      const listed = await store().list(10);
      await enqueue('d-1');
      await store().remove(listed.map((i) => i.id));
      expect(deals(await store().list(10))).toEqual(['d-1']);
    });

    it('ignores ids that are not queued, and an empty removal', async () => {
      await enqueue('d-1');
      await store().remove(['nope']);
      await store().remove([]);
      expect(deals(await store().list(10))).toEqual(['d-1']);
    });

    it('keeps every one of 20 concurrent enqueues', async () => {
      await race(20, (i) => store().enqueue(`d-${i}`));
      const items = await store().list(100);
      expect(deals(items).toSorted()).toEqual(Array.from({ length: 20 }, (_, i) => `d-${i}`).sort());
      expect(new Set(items.map((i) => i.id)).size).toBe(20);
    });
  });
}
