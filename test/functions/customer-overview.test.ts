import { describe, expect, it } from 'vitest';
import { customerOverviewSchema } from '#shared/http/response-schemas.js';
import { referralSetup, useTestHost } from '../support/test-host.js';

// A credit hold, so a referral leaves a held credit with its release date.
const t = useTestHost({ CREDIT_HOLD_DAYS: '14' });
const admin = () => t.api.token('ops', ['admin']);

describe('GET /v1/admin/customers/{id}: what the customer page needs first', () => {
  it('carries the profile, code with who deactivated it and why, stats, disabled state with logs, and the wallet as the customer sees it', async () => {
    const s = await referralSetup(t.api);
    const token = await admin();
    await t.api.expect(201, 'POST', '/v1/referral-code/apply', { token: s.refereeToken, body: { code: s.code, deal_id: s.dealId } });
    await t.api.paymentCompleted(s.dealId, s.referee, 2_000_000);
    await t.api.expect(201, 'POST', `/v1/admin/customers/${s.referrer}/points/adjust`, {
      token,
      headers: { 'idempotency-key': 'k-1' },
      body: { points: 700, reason: 'goodwill' },
    });
    await t.api.expect(200, 'POST', `/v1/admin/customers/${s.referrer}/referral-code/deactivate`, { token, body: { reason: 'leaked' } });
    await t.api.expect(200, 'POST', `/v1/admin/customers/${s.referrer}/disable`, { token, body: { reason: 'chargeback' } });
    const overview = await t.api.expect(200, 'GET', `/v1/admin/customers/${s.referrer}`, { token });
    const parsed = customerOverviewSchema.parse(overview);
    expect(parsed.status).toBe('disabled');
    expect(parsed.customer).toMatchObject({ name: 'Riya Kapoor', is_disabled: true, erasure: null });
    expect(parsed.customer.disabled_logs).toEqual([expect.objectContaining({ action: 'disabled', reason: 'chargeback', actor: 'ops' })]);
    expect(parsed.customer.referral_code).toMatchObject({ status: 'inactive', deactivation_reason: 'leaked', deactivated_by: 'ops' });
    expect(parsed.stats).toMatchObject({ successful_referrals: 1, total_points_earned: 0 });
    expect(parsed.wallet.balance).toBe(700);
    expect(parsed.wallet.lots).toEqual([expect.objectContaining({ points: 700, remaining: 700, expires_at: expect.any(String) })]);
    expect(parsed.wallet.pending).toEqual([{ usage_id: expect.any(String), points: 2000, available_at: expect.any(String) }]);
    expect(Date.parse(parsed.wallet.pending[0]!.available_at)).toBeGreaterThan(Date.now() + 13 * 86_400_000);
    expect(parsed.wallet.expiring_soon).toEqual({ points: 0, before: expect.any(String) });
    // The same wallet the customer reads.
    const own = await t.api.expect(200, 'GET', '/v1/points', { token: s.referrerToken });
    const { recent_entries: _recent, expiring_soon: soon, ...wallet } = parsed.wallet;
    expect({ ...wallet, expiring_soon: soon.points }).toEqual({ ...own, expiring_soon: own.expiring_soon.points });
  });

  it('shows an erased customer with the erased fields null and the erasure record', async () => {
    const s = await referralSetup(t.api);
    const token = await admin();
    await t.api.expect(200, 'POST', `/v1/admin/customers/${s.referrer}/erase`, { token, body: { reason: 'asked' } });
    const parsed = customerOverviewSchema.parse(await t.api.expect(200, 'GET', `/v1/admin/customers/${s.referrer}`, { token }));
    expect(parsed.status).toBe('erased');
    expect(parsed.customer).toMatchObject({ name: null, email: null, phone_number: null, erasure: { erased_by: 'ops', reason: 'asked' } });
  });
});
