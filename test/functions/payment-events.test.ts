import { allEntries, walletOf } from '../support/ledger.js';
import { describe, expect, it } from 'vitest';
import { deliverCloudEvent, paymentCompleted, paymentRefunded } from '../support/cloud-events.js';
import { referralSetup, uid, useTestHost } from '../support/test-host.js';

const t = useTestHost();
const admin = () => t.api.token('ops', ['admin']);
const ctx = () => t.host.runtime.ctx;

async function appliedReferral() {
  const s = await referralSetup(t.api);
  await t.api.expect(201, 'POST', '/v1/referral-code/apply', { token: s.refereeToken, body: { code: s.code, deal_id: s.dealId } });
  return s;
}

async function ledgerOf(customerId: string) {
  return allEntries(ctx().stores, customerId);
}

describe('generateReferralCode', () => {
  it('gives a code on the first payment from a binary-mode Pub/Sub CloudEvent', async () => {
    const c = uid('cust');
    const r = await deliverCloudEvent(
      t.host,
      'generateReferralCode',
      'payment.completed',
      paymentCompleted(uid('d'), c, { customer: { name: 'Meera Iyer' } }),
    );
    expect(r.status).toBeLessThan(300);
    const customer = await ctx().stores.customers.getCustomer(c);
    expect(customer?.referral_code?.referral_code).toMatch(/^MEE-[0-9A-HJKMNP-TV-Z]{4}$/);
  });

  it('accepts a structured-mode CloudEvent too', async () => {
    const c = uid('cust');
    const r = await deliverCloudEvent(t.host, 'generateReferralCode', 'payment.completed', paymentCompleted(uid('d'), c), {
      structured: true,
    });
    expect(r.status).toBeLessThan(300);
    expect((await ctx().stores.customers.getCustomer(c))?.referral_code).not.toBeNull();
  });

  it('never makes a second code, whether redelivered in turn or in parallel, or on a later payment', async () => {
    const c = uid('cust');
    const event = paymentCompleted(uid('d'), c);
    for (let i = 0; i < 3; i += 1) await deliverCloudEvent(t.host, 'generateReferralCode', 'payment.completed', event);
    await Promise.all(Array.from({ length: 10 }, () => deliverCloudEvent(t.host, 'generateReferralCode', 'payment.completed', event)));
    await deliverCloudEvent(t.host, 'generateReferralCode', 'payment.completed', paymentCompleted(uid('later'), c));
    const customer = await ctx().stores.customers.getCustomer(c);
    expect(customer?.referral_code?.first_payment_deal_id).toBe(event.deal_id);
    expect(await ctx().stores.customers.findReservedCode(c)).toBe(customer?.referral_code?.referral_code);
    const generated = t.host.recorder
      .messages('referral-notifications')
      .filter((m) => m.attributes.type === 'referral.code_generated' && m.data.customer_id === c);
    expect(new Set(generated.map((m) => m.attributes.notification_id)).size).toBe(1);
  });
});

describe('malformed and unknown messages', () => {
  // They are counted where production counts them: a log-based metric over the `dropped` field.
  const dropped = (reason: string) => t.logs.filter((l) => l.dropped === reason).length;

  it.each([
    ['data that is not JSON', 'payment.completed', { rawData: '{not json' }],
    ['a payload missing fields', 'payment.completed', {}],
  ])('acknowledges %s, logs it and counts it', async (_name, type, options) => {
    const before = dropped('malformed');
    const r = await deliverCloudEvent(t.host, 'creditReferralConversion', type, { deal_id: 'x' }, options);
    expect(r.status).toBeLessThan(300);
    expect(dropped('malformed')).toBe(before + 1);
    expect(t.logs.some((l) => l.severity === 'WARNING' && String(l.message).startsWith('Malformed'))).toBe(true);
  });

  it('acknowledges an unknown event type with a log line', async () => {
    const before = dropped('unknown_type');
    const r = await deliverCloudEvent(t.host, 'creditReferralConversion', 'payment.teleported', {});
    expect(r.status).toBeLessThan(300);
    expect(dropped('unknown_type')).toBe(before + 1);
  });

  it('answers a CloudEvent without a Pub/Sub message with an acknowledgement, not a loop', async () => {
    const res = await fetch(t.host.servers.get('syncCustomer')!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'ce-id': '1', 'ce-specversion': '1.0', 'ce-source': 'x', 'ce-type': 'y' },
      body: JSON.stringify({ hello: 'world' }),
    });
    expect(res.status).toBeLessThan(300);
  });
});

describe('creditReferralConversion', () => {
  it('converts the usage and credits 2000 points once for any number of parallel redeliveries', async () => {
    const s = await appliedReferral();
    const event = paymentCompleted(s.dealId, s.referee);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => deliverCloudEvent(t.host, 'creditReferralConversion', 'payment.completed', event)),
    );
    expect(answers.every((a) => a.status < 300)).toBe(true);
    for (let i = 0; i < 3; i += 1) await deliverCloudEvent(t.host, 'creditReferralConversion', 'payment.completed', event);
    const entries = await ledgerOf(s.referrer);
    expect(entries.map((e) => [e.type, e.points])).toEqual([['CREDIT', 2000]]);
    const points = await t.api.expect(200, 'GET', '/v1/points', { token: s.referrerToken });
    expect(points.balance).toBe(2000);
    expect((await t.api.expect(200, 'GET', '/v1/referral-code', { token: s.referrerToken })).stats).toEqual({
      total_uses: 1,
      pending_referrals: 0,
      successful_referrals: 1,
      total_points_earned: 2000,
      total_discount_given: 200000,
    });
    await t.expectInvariants();
  });

  it('expires the credited lot six calendar months after the credit, clamped to the month end', async () => {
    const s = await appliedReferral();
    t.host.clock.set(new Date('2026-08-31T12:00:00Z'));
    try {
      await deliverCloudEvent(t.host, 'creditReferralConversion', 'payment.completed', paymentCompleted(s.dealId, s.referee));
    } finally {
      t.host.clock.clear();
    }
    const wallet = await walletOf(ctx().stores, s.referrer);
    expect(wallet.lots[0]?.expires_at).toBe('2027-02-28T12:00:00.000Z');
  });

  it('withholds the credit of a disabled referrer until an admin releases it, once', async () => {
    const s = await appliedReferral();
    await t.api.expect(200, 'POST', `/v1/admin/customers/${s.referrer}/disable`, { token: await admin(), body: { reason: 'review' } });
    await deliverCloudEvent(t.host, 'creditReferralConversion', 'payment.completed', paymentCompleted(s.dealId, s.referee));
    const usage = (await ctx().stores.usages.listUsagesByDeal(s.dealId))[0]!;
    expect([usage.state, usage.credit_status]).toEqual(['converted', 'withheld']);
    expect(await ledgerOf(s.referrer)).toEqual([]);
    await t.expectInvariants();
    const released = await t.api.expect(200, 'POST', `/v1/admin/usages/${usage.usage_id}/release-credit`, { token: await admin() });
    expect(released.credit_status).toBe('credited');
    await t.api.expect(200, 'POST', `/v1/admin/usages/${usage.usage_id}/release-credit`, { token: await admin() });
    expect((await ledgerOf(s.referrer)).map((e) => e.type)).toEqual(['CREDIT']);
    expect((await t.api.expect(200, 'GET', '/v1/referral-code', { token: s.referrerToken })).stats.total_points_earned).toBe(2000);
    await t.expectInvariants();
  });

  it('refuses to release a credit that was never withheld', async () => {
    const s = await appliedReferral();
    await deliverCloudEvent(t.host, 'creditReferralConversion', 'payment.completed', paymentCompleted(s.dealId, s.referee));
    const usage = (await ctx().stores.usages.listUsagesByDeal(s.dealId))[0]!;
    const r = await t.api.call('POST', `/v1/admin/usages/${usage.usage_id}/release-credit`, { token: await admin() });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('CREDIT_NOT_WITHHELD');
  });

  it('throws on a fault so Pub/Sub redelivers, and the redelivery finishes the work once', async () => {
    const s = await appliedReferral();
    t.seam.failAt('points-credited', new Error('simulated crash'));
    const failed = await deliverCloudEvent(t.host, 'creditReferralConversion', 'payment.completed', paymentCompleted(s.dealId, s.referee));
    t.seam.disarm();
    expect(failed.status).toBeGreaterThanOrEqual(500);
    const ok = await deliverCloudEvent(t.host, 'creditReferralConversion', 'payment.completed', paymentCompleted(s.dealId, s.referee));
    expect(ok.status).toBeLessThan(300);
    expect((await ledgerOf(s.referrer)).map((e) => e.type)).toEqual(['CREDIT']);
    await t.expectInvariants();
  });
});

describe('reverseReferralOnRefund', () => {
  it('reverses a converted referral and claws back the lot once, however often the refund arrives', async () => {
    const s = await appliedReferral();
    await deliverCloudEvent(t.host, 'creditReferralConversion', 'payment.completed', paymentCompleted(s.dealId, s.referee));
    await Promise.all(
      Array.from({ length: 8 }, () =>
        deliverCloudEvent(t.host, 'reverseReferralOnRefund', 'payment.refunded', paymentRefunded(s.dealId, s.referee)),
      ),
    );
    expect((await ledgerOf(s.referrer)).map((e) => [e.type, e.points])).toEqual([
      ['CREDIT', 2000],
      ['CLAWBACK', -2000],
    ]);
    expect((await t.api.expect(200, 'GET', '/v1/referral-code', { token: s.referrerToken })).stats).toEqual({
      total_uses: 0,
      pending_referrals: 0,
      successful_referrals: 0,
      total_points_earned: 0,
      total_discount_given: 0,
    });
    await t.expectInvariants();
  });

  it('records what was already spent as a shortfall and never takes the balance below zero', async () => {
    const s = await appliedReferral();
    await deliverCloudEvent(t.host, 'creditReferralConversion', 'payment.completed', paymentCompleted(s.dealId, s.referee));
    await t.api.expect(201, 'POST', '/v1/points/redeem', {
      token: s.referrerToken,
      headers: { 'idempotency-key': 'k1' },
      body: { points: 1500, deal_id: uid('d') },
    });
    await deliverCloudEvent(t.host, 'reverseReferralOnRefund', 'payment.refunded', paymentRefunded(s.dealId, s.referee));
    const claw = (await ledgerOf(s.referrer)).at(-1)!;
    expect([claw.type, claw.points, claw.shortfall, claw.balance_after]).toEqual(['CLAWBACK', -500, 1500, 0]);
    await t.expectInvariants();
  });

  it('releases an applied usage when the refund comes before any payment', async () => {
    const s = await appliedReferral();
    await deliverCloudEvent(t.host, 'reverseReferralOnRefund', 'payment.refunded', paymentRefunded(s.dealId, s.referee));
    const usage = (await ctx().stores.usages.listUsagesByDeal(s.dealId))[0]!;
    expect([usage.state, usage.end_reason]).toEqual(['released', 'refunded']);
    await deliverCloudEvent(t.host, 'creditReferralConversion', 'payment.completed', paymentCompleted(s.dealId, s.referee));
    expect(await ledgerOf(s.referrer)).toEqual([]);
    await t.expectInvariants();
  });
});

describe('syncCustomer', () => {
  it('keeps the profile that self-referral checks use', async () => {
    const c = uid('cust');
    await deliverCloudEvent(t.host, 'syncCustomer', 'customer.upserted', { customer_id: c, name: 'Zoya Khan', email: 'zoya@example.com' });
    expect(await ctx().stores.customers.getCustomer(c)).toMatchObject({ name: 'Zoya Khan', email: 'zoya@example.com' });
  });
});
