import { describe, expect, it } from 'vitest';
import { referralSetup, uid, useTestHost } from '../support/test-host.js';

const t = useTestHost({ DISPOSABLE_EMAIL_DOMAINS: 'burner.test' });
const admin = (sub = 'ops') => t.api.token(sub, ['admin']);

interface Entry {
  action: string;
  actor: string;
  reason: string | null;
  target: string | null;
  outcome: string;
  at: string;
}

async function trail(customerId: string): Promise<Entry[]> {
  const entries: Entry[] = [];
  let cursor: string | null = null;
  do {
    const page: { entries: Entry[]; next_cursor: string | null } = await t.api.expect(
      200,
      'GET',
      `/v1/admin/customers/${customerId}/audit?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      { token: await admin() },
    );
    entries.push(...page.entries);
    cursor = page.next_cursor;
  } while (cursor);
  return entries;
}

/** A converted referral whose credit is held for review (the referee's e-mail is disposable). */
async function held() {
  const s = await referralSetup(t.api, { refereeProfile: { email: `${uid('sam')}@burner.test` } });
  await t.api.expect(201, 'POST', '/v1/referral-code/apply', { token: s.refereeToken, body: { code: s.code, deal_id: s.dealId } });
  await t.api.paymentCompleted(s.dealId, s.referee, 2_000_000);
  const [usage] = (await t.api.expect(200, 'GET', `/v1/admin/customers/${s.referrer}/usages`, { token: await admin() })).usages;
  return { ...s, usageId: usage.usage_id as string };
}

describe('GET /v1/admin/customers/{id}/audit', () => {
  it('records every admin action on a customer with who, why, target and outcome, newest first', async () => {
    const s = await held();
    const c = s.referrer;
    const ops = await admin('agent-7');
    await t.api.expect(200, 'POST', `/v1/admin/customers/${c}/referral-code/deactivate`, { token: ops, body: { reason: 'leaked' } });
    await t.api.expect(200, 'POST', `/v1/admin/customers/${c}/referral-code/activate`, { token: ops, body: { reason: 'fixed' } });
    await t.api.expect(200, 'POST', `/v1/admin/customers/${c}/disable`, { token: ops, body: { reason: 'chargeback' } });
    await t.api.expect(200, 'POST', `/v1/admin/customers/${c}/enable`, { token: ops });
    const key = uid('k');
    const adjust = () =>
      t.api.expect(201, 'POST', `/v1/admin/customers/${c}/points/adjust`, {
        token: ops,
        headers: { 'idempotency-key': key },
        body: { points: 500, reason: 'goodwill' },
      });
    const entry = await adjust();
    await adjust();
    await t.api.expect(200, 'POST', `/v1/admin/usages/${s.usageId}/approve`, { token: ops, body: { reason: 'called them' } });
    await t.api.expect(200, 'POST', `/v1/admin/usages/${s.usageId}/approve`, { token: ops });
    const redemption = await t.api.expect(201, 'POST', '/v1/points/redeem', {
      token: s.referrerToken,
      headers: { 'idempotency-key': uid('k') },
      body: { points: 200, deal_id: uid('trip') },
    });
    await t.api.expect(200, 'POST', `/v1/points/redemptions/${redemption.redemption_id}/reverse`, {
      token: ops,
      body: { reason: 'asked' },
    });
    await t.api.expect(200, 'POST', `/v1/points/redemptions/${redemption.redemption_id}/reverse`, { token: ops });
    await t.api.expect(200, 'POST', `/v1/admin/customers/${c}/erase`, { token: ops, body: { reason: 'DPDP' } });
    await t.api.expect(200, 'POST', `/v1/admin/customers/${c}/erase`, { token: ops, body: { reason: 'DPDP again' } });

    const entries = await trail(c);
    expect(entries.map((e) => [e.action, e.actor, e.reason, e.target, e.outcome])).toEqual([
      ['customer.erased', 'agent-7', 'DPDP', null, 'customer erased'],
      ['redemption.reversed', 'agent-7', 'asked', redemption.redemption_id, '200 points back'],
      ['review.approved', 'agent-7', 'called them', s.usageId, '2000 points credited'],
      ['points.adjusted', 'agent-7', 'goodwill', entry.entry_id, '+500 points, balance 500'],
      ['customer.enabled', 'agent-7', null, null, 'customer enabled'],
      ['customer.disabled', 'agent-7', 'chargeback', null, 'customer disabled'],
      ['code.activated', 'agent-7', 'fixed', null, 'code active'],
      ['code.deactivated', 'agent-7', 'leaked', null, 'code inactive'],
    ]);
    expect(entries.map((e) => e.at)).toEqual([...entries.map((e) => e.at)].sort().reverse());
  });

  it("records a rejection and a credit release on the referrer's trail, and nothing of a refused action", async () => {
    const s = await held();
    await t.api.expect(200, 'POST', `/v1/admin/usages/${s.usageId}/reject`, { token: await admin(), body: { reason: 'same person' } });
    const refused = await t.api.call('POST', `/v1/admin/usages/${s.usageId}/approve`, { token: await admin() });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'REVIEW_ALREADY_DECIDED']);
    const none = await t.api.call('POST', `/v1/admin/customers/${s.referrer}/points/adjust`, {
      token: await admin(),
      headers: { 'idempotency-key': uid('k') },
      body: { points: -5, reason: 'oops' },
    });
    expect(none.body.error.code).toBe('INSUFFICIENT_POINTS');
    expect((await trail(s.referrer)).map((e) => [e.action, e.target, e.outcome])).toEqual([['review.rejected', s.usageId, 'no credit']]);
    expect(await trail(s.referee)).toEqual([]);

    const w = await referralSetup(t.api);
    await t.api.expect(201, 'POST', '/v1/referral-code/apply', { token: w.refereeToken, body: { code: w.code, deal_id: w.dealId } });
    await t.api.expect(200, 'POST', `/v1/admin/customers/${w.referrer}/disable`, { token: await admin(), body: { reason: 'check' } });
    await t.api.paymentCompleted(w.dealId, w.referee, 2_000_000);
    const [usage] = (await t.api.expect(200, 'GET', `/v1/admin/customers/${w.referrer}/usages`, { token: await admin() })).usages;
    expect(usage.credit_status).toBe('withheld');
    await t.api.expect(200, 'POST', `/v1/admin/usages/${usage.usage_id}/release-credit`, {
      token: await admin(),
      body: { reason: 'cleared' },
    });
    expect((await trail(w.referrer)).map((e) => [e.action, e.reason, e.target])).toEqual([
      ['credit.released', 'cleared', usage.usage_id],
      ['customer.disabled', 'check', null],
    ]);
  });

  it('answers an unknown customer with 404 and a bad cursor with 400', async () => {
    const token = await admin();
    const unknown = await t.api.call('GET', `/v1/admin/customers/${uid('nobody')}/audit`, { token });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'CUSTOMER_NOT_FOUND']);
    const s = await referralSetup(t.api);
    const bad = await t.api.call('GET', `/v1/admin/customers/${s.referrer}/audit?cursor=x`, { token });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'INVALID_REQUEST']);
  });
});
