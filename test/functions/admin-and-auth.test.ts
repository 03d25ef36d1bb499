import { describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { deliverCloudEvent, paymentCompleted } from '../support/cloud-events.js';
import { appliedUsage, referrerWithCode } from '../support/journeys.js';
import { referralSetup, uid, useTestHost } from '../support/test-host.js';

const t = useTestHost();
const admin = () => t.api.token('ops', ['admin']);

describe('authentication', () => {
  it.each([
    ['no Authorization header', undefined],
    ['a token signed with another secret', 'forged'],
    ['garbage', 'Bearer not.a.jwt'],
  ])('answers %s with 401 UNAUTHENTICATED', async (_name, kind) => {
    let header: string | undefined = kind;
    if (kind === 'forged') {
      const forged = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('alice')
        .setIssuer('referral-system-local')
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode('x'.repeat(40)));
      header = `Bearer ${forged}`;
    }
    const r = await t.api.call('GET', '/v1/points', header ? { headers: { authorization: header } } : {});
    expect([r.status, r.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('answers an expired token with 401', async () => {
    const expired = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setIssuer('referral-system-local')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(t.host.runtime.config.auth.devSecret));
    expect((await t.api.call('GET', '/v1/points', { token: expired })).status).toBe(401);
  });

  it('refuses admin routes to a customer with 403 FORBIDDEN', async () => {
    const r = await t.api.call('GET', '/v1/admin/reports/points-liability', { token: await t.api.token(uid('c')) });
    expect([r.status, r.body.error.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('shows a caller only their own points, whatever they ask for', async () => {
    const s = await referralSetup(t.api);
    await t.api.expect(201, 'POST', '/v1/referral-code/apply', { token: s.refereeToken, body: { code: s.code, deal_id: s.dealId } });
    await deliverCloudEvent(t.host, 'creditReferralConversion', 'payment.completed', paymentCompleted(s.dealId, s.referee));
    const stranger = await t.api.token(uid('stranger'));
    expect((await t.api.expect(200, 'GET', `/v1/points?customer_id=${s.referrer}`, { token: stranger })).balance).toBe(0);
  });
});

describe('admin', () => {
  it('deactivates a code with reason, who and when, and reactivates it', async () => {
    const s = await referralSetup(t.api);
    const off = await t.api.expect(200, 'POST', `/v1/admin/customers/${s.referrer}/referral-code/deactivate`, {
      token: await admin(),
      body: { reason: 'shared on a coupon site' },
    });
    expect(off).toMatchObject({ status: 'inactive', deactivation_reason: 'shared on a coupon site', deactivated_by: 'ops' });
    expect(off.deactivated_at).toEqual(expect.any(String));
    const on = await t.api.expect(200, 'POST', `/v1/admin/customers/${s.referrer}/referral-code/activate`, { token: await admin() });
    expect(on).toMatchObject({ status: 'active', deactivation_reason: null });
  });

  it('keeps disable and enable in disabled_logs', async () => {
    const s = await referralSetup(t.api);
    await t.api.expect(200, 'POST', `/v1/admin/customers/${s.referee}/disable`, { token: await admin(), body: { reason: 'chargeback' } });
    const c = await t.api.expect(200, 'POST', `/v1/admin/customers/${s.referee}/enable`, { token: await admin() });
    expect(c.is_disabled).toBe(false);
    expect(c.disabled_logs.map((l: { action: string; reason: string | null }) => [l.action, l.reason])).toEqual([
      ['disabled', 'chargeback'],
      ['enabled', null],
    ]);
  });

  it('refuses a deactivation without a reason', async () => {
    const s = await referralSetup(t.api);
    const r = await t.api.call('POST', `/v1/admin/customers/${s.referrer}/referral-code/deactivate`, { token: await admin(), body: {} });
    expect([r.status, r.body.error.code]).toEqual([400, 'INVALID_REQUEST']);
  });

  it('adjusts points both ways through the ledger, idempotently', async () => {
    const c = uid('cust');
    await t.api.expect(200, 'PUT', `/_dev/customers/${c}`, { body: { name: 'Neha' } });
    const token = await admin();
    const add = await t.api.expect(201, 'POST', `/v1/admin/customers/${c}/points/adjust`, {
      token,
      headers: { 'idempotency-key': 'goodwill-1' },
      body: { points: 300, reason: 'goodwill' },
    });
    const again = await t.api.expect(201, 'POST', `/v1/admin/customers/${c}/points/adjust`, {
      token,
      headers: { 'idempotency-key': 'goodwill-1' },
      body: { points: 300, reason: 'goodwill' },
    });
    expect(again.entry_id).toBe(add.entry_id);
    await t.api.expect(201, 'POST', `/v1/admin/customers/${c}/points/adjust`, {
      token,
      headers: { 'idempotency-key': 'fix-1' },
      body: { points: -100, reason: 'correction' },
    });
    const tooMuch = await t.api.call('POST', `/v1/admin/customers/${c}/points/adjust`, {
      token,
      headers: { 'idempotency-key': 'fix-2' },
      body: { points: -1000, reason: 'x' },
    });
    expect(tooMuch.body.error.code).toBe('INSUFFICIENT_POINTS');
    const view = await t.api.expect(200, 'GET', `/v1/admin/customers/${c}`, { token });
    expect(view.wallet.balance).toBe(200);
    await t.expectInvariants();
  });

  it('shows a referrer with a long history its stats in full but only the newest 20 usages', async () => {
    const ctx = t.host.runtime.ctx;
    const c = uid('busy-referrer');
    const code = await referrerWithCode(ctx, c);
    const applied = [];
    for (let i = 0; i < 23; i += 1) applied.push(await appliedUsage(ctx, code));
    const newestFirst = applied.sort((a, b) =>
      a.applied_at === b.applied_at ? (a.usage_id < b.usage_id ? 1 : -1) : a.applied_at < b.applied_at ? 1 : -1,
    );
    const view = await t.api.expect(200, 'GET', `/v1/admin/customers/${c}`, { token: await admin() });
    expect(view.customer.referral_code.stats.total_uses).toBe(23);
    expect(view.usages.as_referrer.map((u: { usage_id: string }) => u.usage_id)).toEqual(newestFirst.slice(0, 20).map((u) => u.usage_id));
  });

  it('answers an unknown customer with 404 CUSTOMER_NOT_FOUND', async () => {
    const r = await t.api.call('GET', '/v1/admin/customers/nobody-here', { token: await admin() });
    expect([r.status, r.body.error.code]).toEqual([404, 'CUSTOMER_NOT_FOUND']);
  });

  it('reports the points liability in points and money', async () => {
    const c = uid('cust');
    await t.api.expect(200, 'PUT', `/_dev/customers/${c}`, { body: { name: 'Om' } });
    const token = await admin();
    const before = await t.api.expect(200, 'GET', '/v1/admin/reports/points-liability', { token });
    await t.api.expect(201, 'POST', `/v1/admin/customers/${c}/points/adjust`, {
      token,
      headers: { 'idempotency-key': 'k' },
      body: { points: 50, reason: 'x' },
    });
    const after = await t.api.expect(200, 'GET', '/v1/admin/reports/points-liability', { token });
    expect(after.outstanding_points - before.outstanding_points).toBe(50);
    expect(after.outstanding_value.amount - before.outstanding_value.amount).toBe(5000);
    expect(after.customers_with_balance - before.customers_with_balance).toBe(1);
  });

  it.each([
    ['deactivate', { reason: 'shared on a coupon site' }],
    ['activate', undefined],
  ])('answers %s of a customer who has no code yet with 404 CODE_NOT_GENERATED, creating none', async (action, body) => {
    const c = uid('cust');
    await t.api.expect(200, 'PUT', `/_dev/customers/${c}`, { body: { name: 'Neha' } });
    const token = await admin();
    const r = await t.api.call('POST', `/v1/admin/customers/${c}/referral-code/${action}`, { token, ...(body ? { body } : {}) });
    expect([r.status, r.body.error.code]).toEqual([404, 'CODE_NOT_GENERATED']);
    expect((await t.api.expect(200, 'GET', `/v1/admin/customers/${c}`, { token })).customer.referral_code).toBeNull();
  });

  it('answers a code change for a customer it has never heard of with 404 CODE_NOT_GENERATED, creating no customer', async () => {
    const token = await admin();
    const c = uid('nobody');
    const r = await t.api.call('POST', `/v1/admin/customers/${c}/referral-code/deactivate`, { token, body: { reason: 'x' } });
    expect([r.status, r.body.error.code]).toEqual([404, 'CODE_NOT_GENERATED']);
    const view = await t.api.call('GET', `/v1/admin/customers/${c}`, { token });
    expect([view.status, view.body.error.code]).toEqual([404, 'CUSTOMER_NOT_FOUND']);
  });

  it('answers the release of a credit of an unknown usage with 404 USAGE_NOT_FOUND', async () => {
    const r = await t.api.call('POST', `/v1/admin/usages/${uid('no-usage')}/release-credit`, { token: await admin() });
    expect([r.status, r.body.error.code]).toEqual([404, 'USAGE_NOT_FOUND']);
  });

  it('answers an unknown admin path with a JSON 404 NOT_FOUND', async () => {
    const r = await t.api.call('GET', '/v1/admin/nothing-here', { token: await admin() });
    expect([r.status, r.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('runs a job now, and refuses an unknown one', async () => {
    const token = await admin();
    const r = await t.api.expect(200, 'POST', '/v1/admin/jobs/reconcile/run', { token });
    expect(r.report.violations).toEqual([]);
    const unknown = await t.api.call('POST', '/v1/admin/jobs/format-disk/run', { token });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'UNKNOWN_JOB']);
  });
});
