import { describe, expect, it } from 'vitest';
import { referralSetup, uid, useTestHost } from '../support/test-host.js';

const t = useTestHost({ DISPOSABLE_EMAIL_DOMAINS: 'burner.test' });
const admin = () => t.api.token('ops', ['admin']);

/** A referral whose referee applies the code and pays; `refereeEmail` and `fingerprints` shape the signals. */
async function convertedReferral(options: { refereeEmail?: string; referrerCard?: string; refereeCard?: string } = {}) {
  const s = await referralSetup(t.api, options.refereeEmail ? { refereeProfile: { email: options.refereeEmail } } : {});
  if (options.referrerCard) {
    await t.api.paymentCompleted(uid('referrer-trip'), s.referrer, 500_000, { payment_method: { fingerprint: options.referrerCard } });
  }
  const applied = await t.api.expect(201, 'POST', '/v1/referral-code/apply', {
    token: s.refereeToken,
    body: { code: s.code, deal_id: s.dealId },
  });
  await t.api.paymentCompleted(
    s.dealId,
    s.referee,
    2_000_000,
    options.refereeCard ? { payment_method: { fingerprint: options.refereeCard } } : {},
  );
  const usage = (await t.api.expect(200, 'GET', `/v1/admin/customers/${s.referrer}`, { token: await admin() })).usages.as_referrer[0];
  expect(usage.usage_id).toBe(applied.usage_id);
  return { ...s, usage };
}

const heldReferral = () => convertedReferral({ refereeEmail: `${uid('sam')}@mailinator.com` });

async function balanceOf(token: string): Promise<number> {
  return (await t.api.expect(200, 'GET', '/v1/points', { token })).balance;
}

describe('review signals at conversion', () => {
  it.each([
    ['a disposable e-mail on the maintained list', { refereeEmail: 'sam.n@mailinator.com' }, ['DISPOSABLE_EMAIL']],
    ['a disposable e-mail of the configured additions', { refereeEmail: 'sam@burner.test' }, ['DISPOSABLE_EMAIL']],
    ['a payment method the referrer paid with', { referrerCard: 'card-shared', refereeCard: 'card-shared' }, ['SHARED_PAYMENT_METHOD']],
    [
      'both',
      { refereeEmail: 'sam@burner.test', referrerCard: 'card-both', refereeCard: 'card-both' },
      ['DISPOSABLE_EMAIL', 'SHARED_PAYMENT_METHOD'],
    ],
  ])('holds the credit for review on %s, crediting nothing', async (_name, options, reasons) => {
    const { usage, referrerToken, referrer } = await convertedReferral(options);
    expect(usage).toMatchObject({ state: 'converted', credit_status: 'review', review: { status: 'open', reasons } });
    expect(await balanceOf(referrerToken)).toBe(0);
    const stats = (await t.api.expect(200, 'GET', '/v1/referral-code', { token: referrerToken })).stats;
    expect(stats).toMatchObject({ successful_referrals: 1, total_points_earned: 0 });
    const ledger = await t.api.expect(200, 'GET', '/v1/points/ledger', { token: await t.api.token(referrer) });
    expect(ledger.entries).toEqual([]);
  });

  it('keeps what the signals saw for the reviewer: the disposable domain and who shares the card', async () => {
    const { usage, referrer } = await convertedReferral({
      refereeEmail: 'Sam@Burner.test',
      referrerCard: 'card-ev',
      refereeCard: 'card-ev',
    });
    expect(usage.review.evidence).toEqual({ disposable_domain: 'burner.test', shared_payment_with: [referrer], conversions_24h: null });
    const queue = await t.api.expect(200, 'GET', '/v1/admin/reviews?status=open&limit=100', { token: await admin() });
    const listed = queue.reviews.find((r: { usage_id: string }) => r.usage_id === usage.usage_id);
    expect(listed.evidence).toEqual(usage.review.evidence);
  });

  it('credits at once when no signal fires, whatever card the referee used', async () => {
    const { usage, referrerToken } = await convertedReferral({
      referrerCard: 'card-a',
      refereeCard: 'card-b',
      refereeEmail: 'sam@example.org',
    });
    expect([usage.credit_status, usage.review]).toEqual(['credited', null]);
    expect(await balanceOf(referrerToken)).toBe(2000);
  });

  it('withholds (not reviews) the credit of a disabled referrer, as before', async () => {
    const s = await referralSetup(t.api, { refereeProfile: { email: 'sam@mailinator.com' } });
    await t.api.expect(201, 'POST', '/v1/referral-code/apply', { token: s.refereeToken, body: { code: s.code, deal_id: s.dealId } });
    await t.api.expect(200, 'POST', `/v1/admin/customers/${s.referrer}/disable`, { token: await admin(), body: { reason: 'chargeback' } });
    await t.api.paymentCompleted(s.dealId, s.referee, 2_000_000);
    const usage = (await t.api.expect(200, 'GET', `/v1/admin/customers/${s.referrer}`, { token: await admin() })).usages.as_referrer[0];
    expect(usage.credit_status).toBe('withheld');
  });

  it('counts a held credit as not credited in the liability report', async () => {
    const token = await admin();
    const before = (await t.api.expect(200, 'GET', '/v1/admin/reports/points-liability', { token })).outstanding_points;
    await heldReferral();
    expect((await t.api.expect(200, 'GET', '/v1/admin/reports/points-liability', { token })).outstanding_points).toBe(before);
  });
});

describe('the review queue', () => {
  it('lists open cases oldest first, with their reasons, a page at a time', async () => {
    const mine = [await heldReferral(), await heldReferral(), await heldReferral()].map((r) => r.usage.usage_id);
    const token = await admin();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { reviews: Array<{ usage_id: string; reasons: string[]; status: string }>; next_cursor: string | null } =
        await t.api.expect(200, 'GET', `/v1/admin/reviews?status=open&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token });
      expect(page.reviews.length).toBeLessThanOrEqual(2);
      for (const r of page.reviews) expect(r).toMatchObject({ status: 'open', reasons: expect.arrayContaining([expect.any(String)]) });
      seen.push(...page.reviews.map((r) => r.usage_id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => mine.includes(id))).toEqual(mine);
  });

  it('closes a case whose deal is refunded while open: out of the queue, closed on the usage, no decision left to take', async () => {
    const { usage, referrer, referee, dealId } = await heldReferral();
    const token = await admin();
    await t.api.paymentRefunded(dealId, referee);
    const open = await t.api.expect(200, 'GET', '/v1/admin/reviews?status=open&limit=100', { token });
    expect(open.reviews.map((r: { usage_id: string }) => r.usage_id)).not.toContain(usage.usage_id);
    const closed = await t.api.expect(200, 'GET', '/v1/admin/reviews?status=closed&limit=100', { token });
    expect(closed.reviews.find((r: { usage_id: string }) => r.usage_id === usage.usage_id)).toMatchObject({
      status: 'closed',
      credit_status: 'cancelled',
      decision_reason: 'refunded',
    });
    const [now] = (await t.api.expect(200, 'GET', `/v1/admin/customers/${referrer}/usages`, { token })).usages;
    expect(now).toMatchObject({ state: 'reversed', credit_status: 'cancelled', review: { status: 'closed' } });
    const late = await t.api.call('POST', `/v1/admin/usages/${usage.usage_id}/approve`, { token });
    expect([late.status, late.body.error.code]).toEqual([409, 'USAGE_NOT_IN_REVIEW']);
    await t.expectInvariants();
  });

  it('approves a case once: the referrer is credited, and a repeat answers the same', async () => {
    const { usage, referrerToken, referrer } = await heldReferral();
    const token = await admin();
    const path = `/v1/admin/usages/${usage.usage_id}/approve`;
    const approved = await t.api.expect(200, 'POST', path, { token, body: { reason: 'called the referee' } });
    expect(approved).toMatchObject({
      credit_status: 'credited',
      review: { status: 'approved', decided_by: 'ops', decision_reason: 'called the referee', reasons: ['DISPOSABLE_EMAIL'] },
    });
    expect(approved.review.decided_at).toEqual(expect.any(String));
    expect(await t.api.expect(200, 'POST', path, { token })).toMatchObject({
      credit_status: 'credited',
      review: { decided_at: approved.review.decided_at },
    });
    expect(await balanceOf(referrerToken)).toBe(2000);
    const audit = t.logs.filter((l) => l.message === 'Review approved' && l.usage_id === usage.usage_id);
    expect(audit).toEqual([expect.objectContaining({ decided_by: 'ops', reason: 'called the referee' })]);
    const ledger = await t.api.expect(200, 'GET', '/v1/points/ledger', { token: await t.api.token(referrer) });
    expect(ledger.entries.map((e: { type: string }) => e.type)).toEqual(['CREDIT']);
    const credited = (await t.api.expect(200, 'GET', '/_pubsub/referral-notifications/messages')).messages.filter(
      (m: { data: { type: string; usage_id?: string } }) =>
        m.data.type === 'referral.points_credited' && m.data.usage_id === usage.usage_id,
    );
    // A repeat may publish again, under the same notification_id, which consumers drop.
    expect(new Set(credited.map((m: { data: { notification_id: string } }) => m.data.notification_id)).size).toBe(1);
    const approvedList = await t.api.expect(200, 'GET', '/v1/admin/reviews?status=approved&limit=100', { token });
    expect(approvedList.reviews.map((r: { usage_id: string }) => r.usage_id)).toContain(usage.usage_id);
  });

  it('rejects a case with a reason: no credit, out of the points earned, and a repeat answers the same', async () => {
    const { usage, referrerToken } = await heldReferral();
    const token = await admin();
    const path = `/v1/admin/usages/${usage.usage_id}/reject`;
    const rejected = await t.api.expect(200, 'POST', path, { token, body: { reason: 'referee is the referrer' } });
    expect(rejected).toMatchObject({
      credit_status: 'rejected',
      review: { status: 'rejected', decided_by: 'ops', decision_reason: 'referee is the referrer' },
    });
    expect(await t.api.expect(200, 'POST', path, { token, body: { reason: 'again' } })).toMatchObject({
      review: { decision_reason: 'referee is the referrer' },
    });
    expect(await balanceOf(referrerToken)).toBe(0);
    const stats = (await t.api.expect(200, 'GET', '/v1/referral-code', { token: referrerToken })).stats;
    expect(stats).toMatchObject({ successful_referrals: 1, total_points_earned: 0 });
    const open = await t.api.expect(200, 'GET', '/v1/admin/reviews?limit=100', { token });
    expect(open.reviews.map((r: { usage_id: string }) => r.usage_id)).not.toContain(usage.usage_id);
  });

  it.each([
    ['approve', 'reject', 'approved'],
    ['reject', 'approve', 'rejected'],
  ])('answers a %s after a %s with 409 REVIEW_ALREADY_DECIDED and the outcome', async (first, second, outcome) => {
    const { usage } = await heldReferral();
    const token = await admin();
    await t.api.expect(200, 'POST', `/v1/admin/usages/${usage.usage_id}/${first}`, { token, body: { reason: 'decided' } });
    const r = await t.api.call('POST', `/v1/admin/usages/${usage.usage_id}/${second}`, { token, body: { reason: 'late' } });
    expect([r.status, r.body.error.code, r.body.error.details.outcome]).toEqual([409, 'REVIEW_ALREADY_DECIDED', outcome]);
  });

  it('settles an approval racing a rejection with one outcome', async () => {
    const { usage } = await heldReferral();
    const token = await admin();
    const [a, b] = await Promise.all([
      t.api.call('POST', `/v1/admin/usages/${usage.usage_id}/approve`, { token }),
      t.api.call('POST', `/v1/admin/usages/${usage.usage_id}/reject`, { token, body: { reason: 'ring' } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    await t.expectInvariants();
  });

  it('refuses a decision on a usage that is not under review with 409 USAGE_NOT_IN_REVIEW', async () => {
    const { usage } = await convertedReferral();
    const r = await t.api.call('POST', `/v1/admin/usages/${usage.usage_id}/approve`, { token: await admin() });
    expect([r.status, r.body.error.code]).toEqual([409, 'USAGE_NOT_IN_REVIEW']);
  });

  it.each([
    ['an unknown usage', 404, 'USAGE_NOT_FOUND', 'POST', `/v1/admin/usages/${uid('none')}/approve`, undefined],
    ['a rejection without a reason', 400, 'INVALID_REQUEST', 'POST', `/v1/admin/usages/${uid('none')}/reject`, {}],
    ['an approval with an unknown field', 400, 'INVALID_REQUEST', 'POST', `/v1/admin/usages/${uid('none')}/approve`, { why: 'x' }],
    ['a cursor this API never gave out', 400, 'INVALID_REQUEST', 'GET', '/v1/admin/reviews?cursor=yesterday~use_1', undefined],
    ['an unknown status', 400, 'INVALID_REQUEST', 'GET', '/v1/admin/reviews?status=pending', undefined],
    ['a limit over 100', 400, 'INVALID_REQUEST', 'GET', '/v1/admin/reviews?limit=101', undefined],
  ])('answers %s with %i %s', async (_name, status, code, method, path, body) => {
    const r = await t.api.call(method, path, { token: await admin(), ...(body === undefined ? {} : { body }) });
    expect([r.status, r.body.error.code]).toEqual([status, code]);
  });

  it.each([
    ['GET', '/v1/admin/reviews'],
    ['POST', '/v1/admin/usages/u-1/approve'],
    ['POST', '/v1/admin/usages/u-1/reject'],
  ])('refuses %s %s to a customer with 403 FORBIDDEN', async (method, path) => {
    const r = await t.api.call(method, path, {
      token: await t.api.token(uid('c')),
      ...(method === 'POST' ? { body: { reason: 'x' } } : {}),
    });
    expect([r.status, r.body.error.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('leaves every invariant holding', async () => {
    await t.expectInvariants();
  });
});
