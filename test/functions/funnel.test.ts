import { describe, expect, it } from 'vitest';
import { shareLinkJourney } from '../support/funnel-journey.js';
import { useTestHost } from '../support/test-host.js';

// Each redirect waits for its click, so the journey's next step finds it.
const t = useTestHost({ SHARE_CLICK_RECORD_TIMEOUT_MS: '2000' });
const day = '2026-03-10';

describe('GET /v1/admin/reports/funnel', () => {
  it('counts a share link journey: two visitors (a repeat and a bot not counted), an apply through the link, its conversion', async () => {
    t.host.clock.set(new Date(`${day}T12:00:00Z`));
    let s;
    try {
      s = await shareLinkJourney(t.api, () => t.host.recorder.messages('referral-events'));
    } finally {
      t.host.clock.clear();
    }
    const admin = await t.api.token('admin-1', ['admin']);
    const report = await t.api.expect(200, 'GET', `/v1/admin/reports/funnel?from=2026-03-09&to=${day}&bucket=day`, { token: admin });
    expect(report).toMatchObject({ from: '2026-03-09', to: day, bucket: 'day', source: 'memory' });
    expect(report.buckets.map((b: { start: string }) => b.start)).toEqual(['2026-03-09', day]);
    expect(report.buckets[0]).toMatchObject({ clicks: 0, applied: 0, click_to_apply: null });
    expect(report.buckets[1]).toEqual({
      start: day,
      clicks: 2,
      applied: 1,
      applied_from_clicks: 1,
      converted: 1,
      reversed: 0,
      points_credited: 2000,
      points_redeemed: 0,
      active_referrers: 1,
      click_to_apply: 0.5,
      apply_to_conversion: 1,
    });
    expect(report.top_referrers).toEqual([
      { referrer_id: s.referrer, referral_code: s.code, clicks: 2, applied: 1, converted: 1, points_credited: 2000 },
    ]);
  });

  it('counts points redeemed in the bucket of the redemption', async () => {
    const { referrer, referrerToken } = await shareLinkJourney(t.api, () => t.host.recorder.messages('referral-events'));
    await t.api.expect(201, 'POST', '/v1/points/redeem', {
      token: referrerToken,
      headers: { 'idempotency-key': `redeem-${referrer}` },
      body: { points: 300, deal_id: `deal-of-${referrer}` },
    });
    const today = new Date().toISOString().slice(0, 10);
    const admin = await t.api.token('admin-1', ['admin']);
    const report = await t.api.expect(200, 'GET', `/v1/admin/reports/funnel?from=${today}&to=${today}&bucket=week`, { token: admin });
    expect(report.totals.points_redeemed).toBeGreaterThanOrEqual(300);
    expect(report.buckets).toHaveLength(1);
  });

  it.each([
    ['from after to', 'from=2026-03-10&to=2026-03-09', 'query.from'],
    ['a span over 400 days', 'from=2025-01-01&to=2026-02-05', 'query.to'],
    ['an unknown bucket', 'from=2026-03-01&to=2026-03-09&bucket=month', 'query.bucket'],
    ['a date that does not exist', 'from=2026-02-30&to=2026-03-09', 'query.from'],
    ['no from', 'to=2026-03-09', 'query.from'],
  ])('answers 400 INVALID_REQUEST naming the field for %s', async (_what, qs, field) => {
    const admin = await t.api.token('admin-1', ['admin']);
    const r = await t.api.call('GET', `/v1/admin/reports/funnel?${qs}`, { token: admin });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('INVALID_REQUEST');
    expect(r.body.error.details.fields.map((f: { field: string }) => f.field)).toEqual([field]);
  });

  it('takes a span of exactly 400 days', async () => {
    const admin = await t.api.token('admin-1', ['admin']);
    const r = await t.api.expect(200, 'GET', '/v1/admin/reports/funnel?from=2025-01-01&to=2026-02-04&bucket=week', { token: admin });
    expect(r.buckets.length).toBe(58);
  });

  it('is for admins only', async () => {
    const r = await t.api.call('GET', '/v1/admin/reports/funnel?from=2026-03-01&to=2026-03-09', { token: await t.api.token('someone') });
    expect(r.status).toBe(403);
  });
});
