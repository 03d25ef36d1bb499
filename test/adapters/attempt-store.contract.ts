import { describe, expect, it } from 'vitest';
import type { AttemptStore } from '#shared/abuse/attempt-store.js';
import { race, useStore, type MakeStore } from './store-harness.js';

const hour = 3_600_000;
const windowStart = new Date('2025-01-01T10:00:00.000Z');
const windowEnd = new Date(windowStart.getTime() + hour);
const nextStart = windowEnd;
const nextEnd = new Date(nextStart.getTime() + hour);

/** The contract of {@link AttemptStore}, run against every adapter. */
export function describeAttemptStoreContract(name: string, makeStore: MakeStore<AttemptStore>): void {
  describe(`${name} attempt store`, () => {
    const store = useStore(makeStore);

    it('counts no attempts for a key never seen', async () => {
      expect(await store().countAttempts('r-1', windowStart)).toBe(0);
    });

    it('returns the running count with each attempt, and counts what it returned', async () => {
      const counts = [];
      for (let i = 0; i < 3; i += 1) counts.push(await store().addAttempt('r-1', windowStart, windowEnd));
      expect(counts).toEqual([1, 2, 3]);
      expect(await store().countAttempts('r-1', windowStart)).toBe(3);
    });

    it('starts every window from zero', async () => {
      await store().addAttempt('r-1', windowStart, windowEnd);
      await store().addAttempt('r-1', windowStart, windowEnd);
      expect(await store().addAttempt('r-1', nextStart, nextEnd)).toBe(1);
      expect(await store().countAttempts('r-1', nextStart)).toBe(1);
    });

    it('counts each key apart', async () => {
      await store().addAttempt('r-1', windowStart, windowEnd);
      await store().addAttempt('r-1', windowStart, windowEnd);
      await store().addAttempt('r-2', windowStart, windowEnd);
      expect([await store().countAttempts('r-1', windowStart), await store().countAttempts('r-2', windowStart)]).toEqual([2, 1]);
    });

    it('counts every one of 20 concurrent attempts, and the last to count sees them all', async () => {
      const counts = await race(20, () => store().addAttempt('r-1', windowStart, windowEnd));
      expect(counts.every((n) => n >= 1 && n <= 20)).toBe(true);
      expect(Math.max(...counts)).toBe(20);
      expect(await store().countAttempts('r-1', windowStart)).toBe(20);
    });
  });
}
