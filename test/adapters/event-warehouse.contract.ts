import { describe, expect, it } from 'vitest';
import type { EventWarehouse } from '#shared/growth/event-warehouse.js';
import { subscriptionRow, type EventRow } from '#shared/notifications/referral-events-table.js';
import { useStore, type MakeStore } from './store-harness.js';

let seq = 0;
/** A row as the subscription writes one `referral-events` message. */
export function eventRow(type: string, id: string, occurredAt: string, data: Record<string, unknown> = {}): EventRow {
  seq += 1;
  return subscriptionRow(
    {
      data: { event_id: `${type}:${id}`, type, occurred_at: occurredAt, ...data, discount: { amount: 1, currency: 'INR' } },
      attributes: { type, event_id: `${type}:${id}` },
      messageId: `m-${seq}`,
      publishTime: occurredAt,
    },
    'projects/p/subscriptions/referral-events-to-bigquery',
  );
}

const asha = { referrer_id: 'asha', referral_code: 'ASH-7K2P', customer_id: 'asha' };
const ravi = { referrer_id: 'ravi', referral_code: 'RAV-9ZZZ', customer_id: 'ravi' };

/** Two referrers over two ISO weeks (Mon 2 to Sun 15 March 2026), with a redelivery and events outside the span. */
export const funnelFixture: EventRow[] = [
  eventRow('share.clicked', 'c1', '2026-03-02T08:00:00.000Z', { ...asha, click_id: 'clk_1' }),
  eventRow('share.clicked', 'c1', '2026-03-02T08:00:00.000Z', { ...asha, click_id: 'clk_1' }), // redelivered
  eventRow('share.clicked', 'c2', '2026-03-02T09:00:00.000Z', { ...asha, click_id: 'clk_2' }),
  eventRow('share.clicked', 'c3', '2026-03-03T09:00:00.000Z', { ...ravi, click_id: 'clk_3' }),
  eventRow('referral.applied', 'u1', '2026-03-02T10:00:00.000Z', { ...asha, usage_id: 'u1', referee_id: 'p1', click_id: 'clk_1' }),
  eventRow('referral.applied', 'u2', '2026-03-03T10:00:00.000Z', { ...asha, usage_id: 'u2', referee_id: 'p2', click_id: null }),
  eventRow('referral.applied', 'u3', '2026-03-09T10:00:00.000Z', { ...ravi, usage_id: 'u3', referee_id: 'p3', click_id: 'clk_3' }),
  eventRow('referral.converted', 'u1', '2026-03-04T10:00:00.000Z', { ...asha, usage_id: 'u1', points: 2000, credit_status: 'credited' }),
  eventRow('points.credited', 'u1', '2026-03-04T10:00:00.000Z', { ...asha, usage_id: 'u1', points: 2000 }),
  eventRow('referral.converted', 'u3', '2026-03-10T10:00:00.000Z', { ...ravi, usage_id: 'u3', points: 2000 }),
  eventRow('points.credited', 'u3', '2026-03-10T10:00:00.000Z', { ...ravi, usage_id: 'u3', points: 2000 }),
  eventRow('referral.reversed', 'u3', '2026-03-15T23:59:59.000Z', { ...ravi, usage_id: 'u3' }),
  eventRow('points.redeemed', 'r1', '2026-03-11T10:00:00.000Z', { customer_id: 'asha', redemption_id: 'r1', points: 500 }),
  eventRow('customer.erased', 'p9', '2026-03-05T10:00:00.000Z', { customer_id: 'p9' }),
  eventRow('share.clicked', 'c-before', '2026-03-01T23:59:59.999Z', { ...ravi, click_id: 'clk_b' }),
  eventRow('share.clicked', 'c-after', '2026-03-16T00:00:00.000Z', { ...ravi, click_id: 'clk_a' }),
];

const zero = {
  clicks: 0,
  applied: 0,
  applied_from_clicks: 0,
  converted: 0,
  reversed: 0,
  points_credited: 0,
  points_redeemed: 0,
  active_referrers: 0,
  click_to_apply: null,
  apply_to_conversion: null,
};

/** The contract of {@link EventWarehouse}: the same rows give the same funnel on every adapter. */
export function describeEventWarehouseContract(name: string, makeStore: MakeStore<EventWarehouse>): void {
  describe(`${name} event warehouse`, () => {
    const warehouse = useStore(makeStore);

    it('aggregates a span by ISO week: each event once, nothing outside the span', async () => {
      await warehouse().record(funnelFixture);
      const report = await warehouse().funnel({ from: '2026-03-02', to: '2026-03-15', bucket: 'week' });
      expect({ ...report, source: 'any' }).toEqual({
        from: '2026-03-02',
        to: '2026-03-15',
        bucket: 'week',
        source: 'any',
        buckets: [
          {
            start: '2026-03-02',
            clicks: 3,
            applied: 2,
            applied_from_clicks: 1,
            converted: 1,
            reversed: 0,
            points_credited: 2000,
            points_redeemed: 0,
            active_referrers: 2,
            click_to_apply: 0.3333,
            apply_to_conversion: 0.5,
          },
          {
            start: '2026-03-09',
            clicks: 0,
            applied: 1,
            applied_from_clicks: 1,
            converted: 1,
            reversed: 1,
            points_credited: 2000,
            points_redeemed: 500,
            active_referrers: 1,
            click_to_apply: null,
            apply_to_conversion: 1,
          },
        ],
        totals: {
          clicks: 3,
          applied: 3,
          applied_from_clicks: 2,
          converted: 2,
          reversed: 1,
          points_credited: 4000,
          points_redeemed: 500,
          active_referrers: 2,
          click_to_apply: 0.6667,
          apply_to_conversion: 0.6667,
        },
        top_referrers: [
          { referrer_id: 'asha', referral_code: 'ASH-7K2P', clicks: 2, applied: 2, converted: 1, points_credited: 2000 },
          { referrer_id: 'ravi', referral_code: 'RAV-9ZZZ', clicks: 1, applied: 1, converted: 1, points_credited: 2000 },
        ],
      });
    });

    it('gives every day of a span its bucket, empty days with zeros', async () => {
      await warehouse().record(funnelFixture);
      const report = await warehouse().funnel({ from: '2026-03-01', to: '2026-03-04', bucket: 'day' });
      expect(report.buckets.map((b) => [b.start, b.clicks, b.applied, b.converted])).toEqual([
        ['2026-03-01', 1, 0, 0],
        ['2026-03-02', 2, 1, 0],
        ['2026-03-03', 1, 1, 0],
        ['2026-03-04', 0, 0, 1],
      ]);
      expect(report.totals.active_referrers).toBe(2);
    });

    it('answers an empty span with zero buckets and no referrers', async () => {
      await warehouse().record(funnelFixture);
      const report = await warehouse().funnel({ from: '2027-01-01', to: '2027-01-02', bucket: 'day' });
      expect(report.buckets).toEqual([
        { start: '2027-01-01', ...zero },
        { start: '2027-01-02', ...zero },
      ]);
      expect(report.top_referrers).toEqual([]);
    });

    it('ranks at most ten referrers: conversions, then applies, then clicks, then id', async () => {
      const rows = Array.from({ length: 12 }, (_, i) =>
        eventRow('share.clicked', `k${i}`, '2026-04-01T10:00:00.000Z', {
          referrer_id: `r${String(i).padStart(2, '0')}`,
          referral_code: `C${i}`,
        }),
      );
      rows.push(
        eventRow('referral.applied', 'ua', '2026-04-01T11:00:00.000Z', { referrer_id: 'r11', referral_code: 'C11', click_id: null }),
      );
      await warehouse().record(rows);
      const { top_referrers } = await warehouse().funnel({ from: '2026-04-01', to: '2026-04-01', bucket: 'day' });
      expect(top_referrers.map((r) => r.referrer_id)).toEqual(['r11', 'r00', 'r01', 'r02', 'r03', 'r04', 'r05', 'r06', 'r07', 'r08']);
    });
  });
}
