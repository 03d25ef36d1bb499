import { allEntries } from '../support/ledger.js';
import { describe, expect, it } from 'vitest';
import { deliverCloudEvent, paymentCompleted } from '../support/cloud-events.js';
import { referralSetup, uid, useTestHost } from '../support/test-host.js';

const t = useTestHost();
const admin = () => t.api.token('ops', ['admin']);

/** A referrer holding `lots` credited lots of 2000, each a month apart. */
async function referrerWithLots(lots: number) {
  const first = await referralSetup(t.api);
  const start = Date.now();
  for (let i = 0; i < lots; i += 1) {
    t.host.clock.set(new Date(start + i * 30 * 86_400_000));
    const s = i === 0 ? first : await friendOf(first.code);
    await t.api.expect(201, 'POST', '/v1/referral-code/apply', { token: s.refereeToken, body: { code: first.code, deal_id: s.dealId } });
    await deliverCloudEvent(t.host, 'creditReferralConversion', 'payment.completed', paymentCompleted(s.dealId, s.referee));
  }
  t.host.clock.clear();
  return first;
}

async function friendOf(_code: string) {
  const referee = uid('friend');
  const dealId = uid('deal');
  await t.api.expect(200, 'PUT', `/_dev/deals/${dealId}`, { body: { customer_id: referee } });
  return { referee, dealId, refereeToken: await t.api.token(referee) };
}

function redeem(token: string, points: number, key: string, dealId = 'trip-1') {
  return t.api.call('POST', '/v1/points/redeem', { token, headers: { 'idempotency-key': key }, body: { points, deal_id: dealId } });
}

describe('POST /v1/points/redeem', () => {
  it('spends the earliest-expiring lots first, partially where needed', async () => {
    const s = await referrerWithLots(2);
    const r = await redeem(s.referrerToken, 2500, uid('k'));
    expect(r.status).toBe(201);
    expect(r.body.allocations.map((a: { points: number }) => a.points)).toEqual([2000, 500]);
    expect(r.body.balance_after).toBe(1500);
    await t.expectInvariants();
  });

  it('answers a retry with the first answer and moves nothing twice', async () => {
    const s = await referrerWithLots(1);
    const key = uid('k');
    const first = await redeem(s.referrerToken, 700, key);
    const again = await redeem(s.referrerToken, 700, key);
    expect(again.body).toEqual(first.body);
    expect((await t.api.expect(200, 'GET', '/v1/points', { token: s.referrerToken })).balance).toBe(1300);
  });

  it('refuses the same key with different input as IDEMPOTENCY_CONFLICT', async () => {
    const s = await referrerWithLots(1);
    const key = uid('k');
    await redeem(s.referrerToken, 100, key);
    const r = await redeem(s.referrerToken, 200, key);
    expect([r.status, r.body.error.code]).toEqual([409, 'IDEMPOTENCY_CONFLICT']);
  });

  it('refuses more than the balance with INSUFFICIENT_POINTS', async () => {
    const s = await referrerWithLots(1);
    const r = await redeem(s.referrerToken, 2001, uid('k'));
    expect([r.status, r.body.error.code]).toEqual([422, 'INSUFFICIENT_POINTS']);
  });

  it('never overdraws when 8 redemptions beyond the balance run in parallel', async () => {
    const s = await referrerWithLots(1);
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => redeem(s.referrerToken, 600, `par-${i}-${s.referrer}`)));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(3);
    expect(answers.filter((a) => a.status === 422)).toHaveLength(5);
    expect((await t.api.expect(200, 'GET', '/v1/points', { token: s.referrerToken })).balance).toBe(200);
    await t.expectInvariants();
  });

  it('requires an Idempotency-Key', async () => {
    const token = await t.api.token(uid('c'));
    const r = await t.api.call('POST', '/v1/points/redeem', { token, body: { points: 1, deal_id: 'd' } });
    expect([r.status, r.body.error.code]).toEqual([400, 'IDEMPOTENCY_KEY_REQUIRED']);
  });

  it.each([[0], [-5], [1.5], ['10']])('answers points = %s with 400 INVALID_REQUEST', async (points) => {
    const token = await t.api.token(uid('c'));
    const r = await t.api.call('POST', '/v1/points/redeem', { token, headers: { 'idempotency-key': 'x' }, body: { points, deal_id: 'd' } });
    expect([r.status, r.body.error.code]).toEqual([400, 'INVALID_REQUEST']);
  });
});

describe('POST /v1/points/redemptions/{id}/reverse', () => {
  it('returns the points to their lots with their original expiry', async () => {
    const s = await referrerWithLots(1);
    const r = await redeem(s.referrerToken, 800, uid('k'));
    const rev = await t.api.expect(200, 'POST', `/v1/points/redemptions/${r.body.redemption_id}/reverse`, { token: s.referrerToken });
    expect(rev.status).toBe('reversed');
    const points = await t.api.expect(200, 'GET', '/v1/points', { token: s.referrerToken });
    expect(points.balance).toBe(2000);
    const types = (await t.api.expect(200, 'GET', '/v1/points/ledger', { token: s.referrerToken })).entries.map(
      (e: { type: string }) => e.type,
    );
    expect(types).toEqual(['REDEEM_REVERSAL', 'REDEEM', 'CREDIT']);
    await t.expectInvariants();
  });

  it('expires returned points at once when their lot has expired meanwhile', async () => {
    const s = await referrerWithLots(1);
    const r = await redeem(s.referrerToken, 800, uid('k'));
    t.host.clock.set(new Date(Date.now() + 200 * 86_400_000));
    try {
      await t.api.expect(200, 'POST', `/v1/points/redemptions/${r.body.redemption_id}/reverse`, { token: s.referrerToken });
      expect((await t.api.expect(200, 'GET', '/v1/points', { token: s.referrerToken })).balance).toBe(0);
    } finally {
      t.host.clock.clear();
    }
    const entries = (await t.api.expect(200, 'GET', '/v1/points/ledger', { token: s.referrerToken })).entries;
    expect(entries.slice(0, 2).map((e: { type: string; points: number }) => [e.type, e.points])).toEqual([
      ['EXPIRE', -800],
      ['REDEEM_REVERSAL', 800],
    ]);
    await t.expectInvariants();
  });

  it('lets an admin reverse but not another customer', async () => {
    const s = await referrerWithLots(1);
    const r = await redeem(s.referrerToken, 100, uid('k'));
    const stranger = await t.api.call('POST', `/v1/points/redemptions/${r.body.redemption_id}/reverse`, {
      token: await t.api.token(uid('x')),
    });
    expect([stranger.status, stranger.body.error.code]).toEqual([404, 'REDEMPTION_NOT_FOUND']);
    await t.api.expect(200, 'POST', `/v1/points/redemptions/${r.body.redemption_id}/reverse`, { token: await admin() });
  });

  it('refuses once the deal the points were spent on is paid', async () => {
    const s = await referrerWithLots(1);
    const dealId = uid('trip');
    const r = await redeem(s.referrerToken, 100, uid('k'), dealId);
    await t.api.paymentCompleted(dealId, s.referrer, 500_000);
    const rev = await t.api.call('POST', `/v1/points/redemptions/${r.body.redemption_id}/reverse`, { token: s.referrerToken });
    expect([rev.status, rev.body.error.code]).toEqual([409, 'DEAL_ALREADY_CONVERTED']);
  });

  it('refuses a second reversal', async () => {
    const s = await referrerWithLots(1);
    const r = await redeem(s.referrerToken, 100, uid('k'));
    await t.api.expect(200, 'POST', `/v1/points/redemptions/${r.body.redemption_id}/reverse`, { token: s.referrerToken });
    const again = await t.api.call('POST', `/v1/points/redemptions/${r.body.redemption_id}/reverse`, { token: s.referrerToken });
    expect(again.status).toBe(200);
    expect((await t.api.expect(200, 'GET', '/v1/points', { token: s.referrerToken })).balance).toBe(2000);
  });
});

describe('GET /v1/points/ledger', () => {
  it('pages newest first with an opaque cursor that ends in null', async () => {
    const s = await referrerWithLots(1);
    for (let i = 0; i < 4; i += 1) await redeem(s.referrerToken, 10, uid('k'));
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { entries: Array<{ seq: number }>; next_cursor: string | null } = await t.api.expect(
        200,
        'GET',
        `/v1/points/ledger?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { token: s.referrerToken },
      );
      seen.push(...page.entries.map((e) => e.seq));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toEqual([5, 4, 3, 2, 1]);
  });

  it('answers a cursor that is not a sequence number, or a bad limit, with 400', async () => {
    const token = await t.api.token(uid('c'));
    expect((await t.api.call('GET', '/v1/points/ledger?cursor=nope', { token })).status).toBe(400);
    expect((await t.api.call('GET', '/v1/points/ledger?limit=1000', { token })).status).toBe(400);
  });
});

describe('expiry and reminders', () => {
  it('stops counting a lot past expires_at before the sweep, then the sweep expires it once', async () => {
    const s = await referrerWithLots(1);
    const lot = (await t.api.expect(200, 'GET', '/v1/points', { token: s.referrerToken })).lots[0];
    await t.api.expect(200, 'PUT', '/_dev/clock', { body: { now: new Date(new Date(lot.expires_at).getTime() + 1000).toISOString() } });
    try {
      const before = await t.api.expect(200, 'GET', '/v1/points', { token: s.referrerToken });
      expect([before.balance, before.lots[0].status]).toEqual([0, 'expired_unswept']);
      const [a, b] = await Promise.all([
        t.api.expect(200, 'POST', '/_scheduler/expireReferralPoints'),
        t.api.expect(200, 'POST', '/_scheduler/expireReferralPoints'),
      ]);
      expect(a.report.lots + b.report.lots).toBeGreaterThanOrEqual(1);
      const expired = (await allEntries(t.host.runtime.ctx.stores, s.referrer)).filter((e) => e.type === 'EXPIRE');
      expect(expired.map((e) => e.points)).toEqual([-2000]);
    } finally {
      await t.api.expect(200, 'DELETE', '/_dev/clock');
    }
    await t.expectInvariants();
  });

  it('reminds once per lot in the seven days before expiry', async () => {
    const s = await referrerWithLots(1);
    const lot = (await t.api.expect(200, 'GET', '/v1/points', { token: s.referrerToken })).lots[0];
    t.host.clock.set(new Date(new Date(lot.expires_at).getTime() - 5 * 86_400_000));
    try {
      await t.api.expect(200, 'POST', '/_scheduler/remindExpiringPoints');
      await t.api.expect(200, 'POST', '/_scheduler/remindExpiringPoints');
    } finally {
      t.host.clock.clear();
    }
    const reminders = t.host.recorder
      .messages('referral-notifications')
      .filter((m) => m.attributes.type === 'points.expiring_soon' && m.data.customer_id === s.referrer);
    expect(reminders.map((m) => m.data.lot_id)).toEqual([lot.lot_id]);
  });
});
