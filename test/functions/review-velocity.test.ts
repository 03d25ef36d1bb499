import { describe, expect, it } from 'vitest';
import { referralSetup, uid, useTestHost } from '../support/test-host.js';

const t = useTestHost({ REVIEW_VELOCITY_PER_DAY: '2' });

describe('the velocity signal', () => {
  it('holds the conversions of one referrer past REVIEW_VELOCITY_PER_DAY within 24 hours, and only those', async () => {
    const s = await referralSetup(t.api);
    const statuses: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const referee = uid('velocity-referee');
      const dealId = uid('velocity-deal');
      await t.api.expect(200, 'PUT', `/_dev/customers/${referee}`, { body: { name: 'Sam Noor', email: `${referee}@example.com` } });
      await t.api.expect(200, 'PUT', `/_dev/deals/${dealId}`, { body: { customer_id: referee, amount: 2_000_000 } });
      await t.api.expect(201, 'POST', '/v1/referral-code/apply', {
        token: await t.api.token(referee),
        body: { code: s.code, deal_id: dealId },
      });
      await t.api.paymentCompleted(dealId, referee, 2_000_000);
      // A redelivery counts nothing twice.
      await t.api.paymentCompleted(dealId, referee, 2_000_000);
    }
    const admin = await t.api.token('ops', ['admin']);
    const usages = (await t.api.expect(200, 'GET', `/v1/admin/customers/${s.referrer}`, { token: admin })).usages.as_referrer;
    for (const u of [...usages].reverse()) statuses.push(u.review ? `${u.credit_status}:${u.review.reasons.join('+')}` : u.credit_status);
    expect(statuses).toEqual(['credited', 'credited', 'review:VELOCITY', 'review:VELOCITY']);
    // The reviewer sees the count the signal saw (it counts no further than the cap + 1).
    expect(usages.filter((u: any) => u.review).map((u: any) => u.review.evidence.conversions_24h)).toEqual([3, 3]);
  });

  it('counts only the conversions of the 24 hours before', async () => {
    const s = await referralSetup(t.api);
    const convert = async () => {
      const referee = uid('day-referee');
      const dealId = uid('day-deal');
      await t.api.expect(200, 'PUT', `/_dev/deals/${dealId}`, { body: { customer_id: referee, amount: 2_000_000 } });
      await t.api.expect(201, 'POST', '/v1/referral-code/apply', {
        token: await t.api.token(referee),
        body: { code: s.code, deal_id: dealId },
      });
      await t.api.paymentCompleted(dealId, referee, 2_000_000);
    };
    for (let i = 0; i < 3; i += 1) await convert();
    await t.api.expect(200, 'PUT', '/_dev/clock', { body: { now: new Date(Date.now() + 25 * 3_600_000).toISOString() } });
    await convert();
    await t.api.expect(200, 'DELETE', '/_dev/clock');
    const admin = await t.api.token('ops', ['admin']);
    const usages = (await t.api.expect(200, 'GET', `/v1/admin/customers/${s.referrer}`, { token: admin })).usages.as_referrer;
    expect(usages.map((u: { credit_status: string }) => u.credit_status)).toEqual(['credited', 'review', 'credited', 'credited']);
  });
});
