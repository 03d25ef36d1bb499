import { describe, expect, it } from 'vitest';
import type { LiabilityDay, LiabilityHistoryStore } from '#shared/points/liability-history.js';
import { race, useStore, type MakeStore } from './store-harness.js';

const figure = (day: string, points = 1000): LiabilityDay => ({
  day,
  as_of: `${day}T00:05:00.000Z`,
  outstanding_points: points,
  outstanding_value: { amount: points * 100, currency: 'INR' },
  expiring_within_30_days_points: 10,
  expired_awaiting_sweep_points: 0,
  customers_with_balance: 3,
});

/** The contract of {@link LiabilityHistoryStore}, run against every adapter. */
export function describeLiabilityHistoryContract(name: string, makeStore: MakeStore<LiabilityHistoryStore>): void {
  describe(`${name} liability history store`, () => {
    const store = useStore(makeStore);

    it('keeps one figure per day: the first', async () => {
      expect(await store().insertDay(figure('2026-03-01', 1000))).toBe('inserted');
      expect(await store().insertDay(figure('2026-03-01', 9999))).toBe('duplicate');
      expect(await store().listDays('2026-03-01', '2026-03-01')).toEqual([figure('2026-03-01', 1000)]);
    });

    it('lists the days of a range, both ends included, oldest first, every field intact', async () => {
      for (const d of ['2026-03-05', '2026-02-28', '2026-03-01', '2026-03-03', '2026-03-06']) await store().insertDay(figure(d));
      expect((await store().listDays('2026-03-01', '2026-03-05')).map((d) => d.day)).toEqual(['2026-03-01', '2026-03-03', '2026-03-05']);
      expect((await store().listDays('2026-03-06', '2026-03-06'))[0]).toEqual(figure('2026-03-06'));
    });

    it('answers an empty list for a range without figures', async () => {
      await store().insertDay(figure('2026-03-01'));
      expect(await store().listDays('2027-01-01', '2027-01-31')).toEqual([]);
    });

    it('inserts exactly one of 8 racing runs of a day', async () => {
      const outcomes = await race(8, (i) => store().insertDay(figure('2026-04-01', i)));
      expect(outcomes.filter((o) => o === 'inserted')).toHaveLength(1);
      expect(await store().listDays('2026-04-01', '2026-04-01')).toHaveLength(1);
    });
  });
}
