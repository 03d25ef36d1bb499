import { addCalendarMonths } from '#shared/core/clock.js';
import { describe, expect, it } from 'vitest';
import { deliverCloudEvent, paymentCompleted, paymentRefunded } from '../support/cloud-events.js';
import { referralSetup, uid, useTestHost } from '../support/test-host.js';

// One host for the file: its clock only moves forward, and each test schedules what it needs.
const t = useTestHost();
const admin = () => t.api.token('marketing', ['admin']);
const terms = '/v1/admin/programme/terms';
const hour = 3_600_000;
let clock = Date.parse('2027-01-10T00:00:00.000Z');

/** Moves the host's clock forward by `ms` and answers the new instant. */
async function advance(ms: number): Promise<string> {
  clock += ms;
  const iso = new Date(clock).toISOString();
  await t.api.expect(200, 'PUT', '/_dev/clock', { body: { now: iso } });
  return iso;
}

/** Schedules terms from `from` (an instant) with the given fields. */
async function schedule(from: string, fields: Record<string, unknown>, key = uid('key')) {
  return t.api.expect(201, 'POST', terms, {
    token: await admin(),
    headers: { 'idempotency-key': key },
    body: { effective_from: from, reason: 'test', ...fields },
  });
}

const at = (ms: number) => new Date(clock + ms).toISOString();

async function apply(s: Awaited<ReturnType<typeof referralSetup>>) {
  return t.api.expect(201, 'POST', '/v1/referral-code/apply', { token: s.refereeToken, body: { code: s.code, deal_id: s.dealId } });
}

async function pay(s: { dealId: string; referee: string }) {
  const r = await deliverCloudEvent(t.host, 'creditReferralConversion', 'payment.completed', paymentCompleted(s.dealId, s.referee));
  expect(r.status).toBe(204);
}

async function ledgerOf(token: string): Promise<Array<{ type: string; points: number; entry_id: string; cause: Record<string, unknown> }>> {
  return (await t.api.expect(200, 'GET', '/v1/points/ledger?limit=100', { token })).entries;
}

async function notifications(type: string): Promise<Array<{ data: Record<string, unknown> }>> {
  const { messages } = await t.api.expect(200, 'GET', '/_pubsub/referral-notifications/messages');
  return messages.filter((m: { attributes: Record<string, string> }) => m.attributes.type === type);
}

describe('GET /v1/admin/programme/terms', () => {
  it('lists the environment as version 1, in force, before anything is scheduled', async () => {
    await advance(0);
    const list = await t.api.expect(200, 'GET', terms, { token: await admin() });
    expect(list.in_force).toBe('terms-1');
    expect(list.terms).toEqual([
      expect.objectContaining({
        terms_id: 'terms-1',
        status: 'in_force',
        in_force: true,
        effective_from: '1970-01-01T00:00:00.000Z',
        referee_discount: { amount: 200000, currency: 'INR' },
        referrer_reward_points: 2000,
        points_validity_months: 6,
        credit_hold_days: 0,
        milestones: [],
      }),
    ]);
  });

  it('is for admins only', async () => {
    const r = await t.api.call('GET', terms, { token: await t.api.token(uid('c')) });
    expect([r.status, r.body.error.code]).toEqual([403, 'FORBIDDEN']);
  });
});

describe('POST /v1/admin/programme/terms', () => {
  it('schedules a version with who, when and why, keeping the values in force for fields left out; a repeat answers the same', async () => {
    const now = await advance(hour);
    const key = uid('festival');
    const body = { effective_from: at(10 * hour), reason: 'Diwali week', referrer_reward_points: 3000 };
    const created = await t.api.expect(201, 'POST', terms, { token: await admin(), headers: { 'idempotency-key': key }, body });
    expect(created).toMatchObject({
      effective_from: at(10 * hour),
      reason: 'Diwali week',
      created_by: 'marketing',
      created_at: now,
      referrer_reward_points: 3000,
      referee_discount: { amount: 200000, currency: 'INR' },
      withdrawn: null,
    });
    expect(created.terms_id).toMatch(/^terms-\d+$/);
    const again = await t.api.expect(200, 'POST', terms, { token: await admin(), headers: { 'idempotency-key': key }, body });
    expect(again).toEqual(created);
    const other = await t.api.call('POST', terms, {
      token: await admin(),
      headers: { 'idempotency-key': key },
      body: { ...body, referrer_reward_points: 9000 },
    });
    expect([other.status, other.body.error.code]).toEqual([409, 'IDEMPOTENCY_CONFLICT']);
    const list = await t.api.expect(200, 'GET', terms, { token: await admin() });
    expect(list.terms.find((v: { terms_id: string }) => v.terms_id === created.terms_id)).toMatchObject({
      status: 'scheduled',
      in_force: false,
    });
    expect(list.in_force).toBe('terms-1');
    await t.api.expect(200, 'DELETE', `${terms}/${created.terms_id}`, { token: await admin() });
  });

  it('needs an Idempotency-Key', async () => {
    const r = await t.api.call('POST', terms, { token: await admin(), body: { effective_from: at(hour), reason: 'x' } });
    expect([r.status, r.body.error.code]).toEqual([400, 'IDEMPOTENCY_KEY_REQUIRED']);
  });

  it.each([
    ['effective_from', { effective_from: 'next tuesday' }],
    ['effective_from', { effective_from: undefined }],
    ['effective_from', { effective_from: '2020-01-01T00:00:00Z' }],
    ['reason', { reason: '   ' }],
    ['referee_discount.amount', { referee_discount: { amount: -1, currency: 'INR' } }],
    ['referee_discount.amount', { referee_discount: { amount: 1.5, currency: 'INR' } }],
    ['referee_discount.currency', { referee_discount: { amount: 100, currency: 'USD' } }],
    ['referrer_reward_points', { referrer_reward_points: 0 }],
    ['points_validity_months', { points_validity_months: 0 }],
    ['credit_hold_days', { credit_hold_days: -1 }],
    ['max_referrals_per_referrer', { max_referrals_per_referrer: 0 }],
    ['referee_must_be_new', { referee_must_be_new: 'yes' }],
    [
      'milestones',
      {
        milestones: [
          { successful_referrals: 3, bonus_points: 10 },
          { successful_referrals: 3, bonus_points: 20 },
        ],
      },
    ],
    ['milestones.0.bonus_points', { milestones: [{ successful_referrals: 3, bonus_points: -5 }] }],
    ['surprise', { surprise: true }],
  ])('answers 400 INVALID_REQUEST naming %s', async (field, fields) => {
    const r = await t.api.call('POST', terms, {
      token: await admin(),
      headers: { 'idempotency-key': uid('bad') },
      body: { effective_from: at(hour), reason: 'bad', ...fields },
    });
    expect([r.status, r.body.error.code]).toEqual([400, 'INVALID_REQUEST']);
    // An unknown key is named by the message, not by a field path.
    expect(r.body.error.message).toContain(field === 'surprise' ? '"surprise"' : `body.${field}`);
  });
});

describe('DELETE /v1/admin/programme/terms/{terms_id}', () => {
  it('withdraws a version that has not started, audited, and again answers the same', async () => {
    await advance(hour);
    const v = await schedule(at(5 * hour), { referrer_reward_points: 7777 });
    const gone = await t.api.expect(200, 'DELETE', `${terms}/${v.terms_id}`, { token: await admin() });
    expect(gone.withdrawn).toEqual({ by: 'marketing', at: new Date(clock).toISOString() });
    expect(await t.api.expect(200, 'DELETE', `${terms}/${v.terms_id}`, { token: await admin() })).toEqual(gone);
    await advance(6 * hour);
    const list = await t.api.expect(200, 'GET', terms, { token: await admin() });
    expect(list.terms.find((x: { terms_id: string }) => x.terms_id === v.terms_id).status).toBe('withdrawn');
    expect(list.in_force).not.toBe(v.terms_id);
    expect(t.logs.some((l) => JSON.stringify(l).includes('terms.withdrawn'))).toBe(true);
  });

  it('answers 409 TERMS_ALREADY_IN_FORCE for a version that has started, and for version 1', async () => {
    await advance(hour);
    const v = await schedule(at(hour), {});
    await advance(hour);
    for (const id of [v.terms_id, 'terms-1']) {
      const r = await t.api.call('DELETE', `${terms}/${id}`, { token: await admin() });
      expect([r.status, r.body.error.code]).toEqual([409, 'TERMS_ALREADY_IN_FORCE']);
    }
  });

  it('answers 404 TERMS_NOT_FOUND for an unknown version and 403 to a customer', async () => {
    const r = await t.api.call('DELETE', `${terms}/terms-999`, { token: await admin() });
    expect([r.status, r.body.error.code]).toEqual([404, 'TERMS_NOT_FOUND']);
    const c = await t.api.call('DELETE', `${terms}/terms-999`, { token: await t.api.token(uid('c')) });
    expect(c.status).toBe(403);
  });
});

describe('a usage keeps the terms it was applied under', () => {
  it('pays a usage applied before a festival offer the old reward, and one applied during it the new one', async () => {
    await advance(hour);
    await schedule(at(0), { referee_discount: { amount: 200000, currency: 'INR' }, referrer_reward_points: 2000 });
    const before = await referralSetup(t.api);
    const early = await apply(before);
    expect(early.discount.amount).toBe(200000);
    const festival = await schedule(at(2 * hour), { referee_discount: { amount: 300000, currency: 'INR' }, referrer_reward_points: 3000 });
    const during = await referralSetup(t.api);
    const validateEarly = await t.api.expect(200, 'POST', '/v1/referral-code/validate', {
      token: during.refereeToken,
      body: { code: during.code, deal_id: during.dealId },
    });
    expect(validateEarly.discount.amount).toBe(200000);
    await advance(3 * hour);
    const validate = await t.api.expect(200, 'POST', '/v1/referral-code/validate', {
      token: during.refereeToken,
      body: { code: during.code, deal_id: during.dealId },
    });
    expect(validate.discount.amount).toBe(300000);
    const late = await apply(during);
    expect(late.discount.amount).toBe(300000);
    await pay(before);
    await pay(during);
    expect((await ledgerOf(before.referrerToken)).filter((e) => e.type === 'CREDIT').map((e) => e.points)).toEqual([2000]);
    expect((await ledgerOf(during.referrerToken)).filter((e) => e.type === 'CREDIT').map((e) => e.points)).toEqual([3000]);
    const overview = await t.api.expect(200, 'GET', `/v1/admin/customers/${during.referrer}`, { token: await admin() });
    expect(overview.usages.as_referrer[0]).toMatchObject({ terms_id: festival.terms_id, reward_points: 3000 });
    await t.expectInvariants();
  });
});

describe('milestones and the credit hold', () => {
  it('holds a credit as pending, cancels it on a refund, releases the other at available_at with its milestone bonus', async () => {
    await advance(hour);
    const held = await schedule(at(0), {
      referrer_reward_points: 2500,
      credit_hold_days: 2,
      milestones: [{ successful_referrals: 1, bonus_points: 500 }],
    });
    const s = await referralSetup(t.api);
    await apply(s);
    await pay(s);
    const second = await referralSetup(t.api);
    await apply(second);
    await pay(second);
    const points = await t.api.expect(200, 'GET', '/v1/points', { token: s.referrerToken });
    expect(points.balance).toBe(0);
    expect(points.pending).toEqual([{ usage_id: expect.any(String), points: 2500, available_at: at(2 * 86_400_000) }]);
    expect((await notifications('referral.points_pending')).some((m) => m.data.usage_id === points.pending[0].usage_id)).toBe(true);
    const mine = (await t.api.expect(200, 'GET', '/v1/referrals', { token: s.referrerToken })).referrals;
    expect(mine).toEqual([
      expect.objectContaining({ credit_status: 'pending', available_at: at(2 * 86_400_000), points: 2500, state: 'converted' }),
    ]);
    // The second referrer's booking is cancelled during the hold: no ledger entry, no shortfall.
    await deliverCloudEvent(t.host, 'reverseReferralOnRefund', 'payment.refunded', paymentRefunded(second.dealId, second.referee));
    const cancelled = await t.api.expect(200, 'GET', `/v1/admin/customers/${second.referrer}`, { token: await admin() });
    expect(cancelled.usages.as_referrer[0]).toMatchObject({ state: 'reversed', credit_status: 'cancelled', terms_id: held.terms_id });
    expect(await ledgerOf(second.referrerToken)).toEqual([]);
    expect((await t.api.expect(200, 'GET', '/v1/points', { token: second.referrerToken })).pending).toEqual([]);
    expect(cancelled.customer.referral_code.stats).toMatchObject({ successful_referrals: 0, total_points_earned: 0 });

    await advance(86_400_000);
    const early = await t.api.expect(200, 'POST', '/_scheduler/releaseHeldCredits');
    expect(early.report).toMatchObject({ released: 0 });
    await advance(86_400_000);
    const run = await t.api.expect(200, 'POST', '/_scheduler/releaseHeldCredits');
    expect(run.report).toMatchObject({ released: 1, done: true });
    expect((await t.api.expect(200, 'POST', '/_scheduler/releaseHeldCredits')).report).toMatchObject({ released: 0 });
    const after = await t.api.expect(200, 'GET', '/v1/points', { token: s.referrerToken });
    expect([after.balance, after.pending]).toEqual([3000, []]);
    // The released credit's validity counts from its release, not from the payment.
    const released = after.lots.find((l: { points: number }) => l.points === 2500);
    expect(released.credited_at).toBe(new Date(clock).toISOString());
    expect(released.expires_at).toBe(addCalendarMonths(new Date(clock), 6).toISOString());
    const ledger = await ledgerOf(s.referrerToken);
    expect(ledger.map((e) => [e.type, e.points, e.cause.type])).toEqual([
      ['CREDIT', 500, 'milestone'],
      ['CREDIT', 2500, 'usage'],
    ]);
    expect(ledger[0]!.cause).toMatchObject({ milestone: 1, reason: 'milestone:1' });
    expect((await notifications('referral.points_credited')).some((m) => m.data.usage_id === points.pending[0].usage_id)).toBe(true);
    expect((await notifications('referral.milestone_reached')).length).toBeGreaterThanOrEqual(1);
    // A redelivered payment changes nothing.
    await pay(s);
    expect(await ledgerOf(s.referrerToken)).toHaveLength(2);
    await t.expectInvariants();
  });
});
