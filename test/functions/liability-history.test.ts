import { describe, expect, it } from 'vitest';
import { referralSetup, useTestHost } from '../support/test-host.js';

const t = useTestHost();

describe('recordLiability and GET /v1/admin/reports/points-liability?days=', () => {
  it('stores the liability report once per UTC day and answers the series of the last days beside today', async () => {
    const admin = await t.api.token('admin-1', ['admin']);
    const s = await referralSetup(t.api);
    try {
      t.host.clock.set(new Date('2026-06-01T00:05:00Z'));
      const first = await t.api.expect(200, 'POST', '/_scheduler/recordLiability');
      expect(first.report).toEqual({ day: '2026-06-01', recorded: true, outstanding_points: 0 });
      t.host.clock.set(new Date('2026-06-01T18:00:00Z'));
      expect((await t.api.expect(200, 'POST', '/_scheduler/recordLiability')).report).toMatchObject({ day: '2026-06-01', recorded: false });

      // A conversion the next day: the next figure counts its reward.
      t.host.clock.set(new Date('2026-06-02T10:00:00Z'));
      await t.api.expect(201, 'POST', '/v1/referral-code/apply', { token: s.refereeToken, body: { code: s.code, deal_id: s.dealId } });
      await t.api.paymentCompleted(s.dealId, s.referee, 2_000_000);
      t.host.clock.set(new Date('2026-06-03T00:05:00Z'));
      expect((await t.api.expect(200, 'POST', '/v1/admin/jobs/recordLiability/run', { token: admin })).report).toMatchObject({
        day: '2026-06-03',
        recorded: true,
        outstanding_points: 2000,
      });

      const r = await t.api.expect(200, 'GET', '/v1/admin/reports/points-liability?days=90', { token: admin });
      expect(r).toMatchObject({ as_of: '2026-06-03T00:05:00.000Z', outstanding_points: 2000, customers_with_balance: 1, days: 90 });
      expect(r.series).toEqual([
        {
          day: '2026-06-01',
          as_of: '2026-06-01T00:05:00.000Z',
          outstanding_points: 0,
          outstanding_value: { amount: 0, currency: 'INR' },
          expiring_within_30_days_points: 0,
          expired_awaiting_sweep_points: 0,
          customers_with_balance: 0,
        },
        expect.objectContaining({ day: '2026-06-03', outstanding_points: 2000, outstanding_value: { amount: 200000, currency: 'INR' } }),
      ]);
      const one = await t.api.expect(200, 'GET', '/v1/admin/reports/points-liability?days=1', { token: admin });
      expect(one.series.map((d: { day: string }) => d.day)).toEqual(['2026-06-03']);
    } finally {
      t.host.clock.clear();
    }
  });

  it('keeps its old answer without days', async () => {
    const r = await t.api.expect(200, 'GET', '/v1/admin/reports/points-liability', { token: await t.api.token('admin-1', ['admin']) });
    expect(Object.keys(r).sort()).toEqual([
      'as_of',
      'customers_with_balance',
      'expired_awaiting_sweep_points',
      'expiring_within_30_days',
      'outstanding_points',
      'outstanding_value',
    ]);
  });

  it.each(['0', '401', 'ninety'])('refuses days=%s with 400 naming query.days', async (days) => {
    const r = await t.api.call('GET', `/v1/admin/reports/points-liability?days=${days}`, {
      token: await t.api.token('admin-1', ['admin']),
    });
    expect(r.status).toBe(400);
    expect(r.body.error.details.fields.map((f: { field: string }) => f.field)).toEqual(['query.days']);
  });
});
