import { describe, expect, it } from 'vitest';
import { referralSetup, uid, useTestHost } from '../support/test-host.js';

const t = useTestHost();
const admin = () => t.api.token('ops', ['admin']);

/** A referrer (named Riya Kapoor, code `RIY-…`) with one converted referral, then erased. */
async function erasedReferrer() {
  const s = await referralSetup(t.api);
  await t.api.expect(201, 'POST', '/v1/referral-code/apply', { token: s.refereeToken, body: { code: s.code, deal_id: s.dealId } });
  await t.api.paymentCompleted(s.dealId, s.referee, 2_000_000);
  await t.api.expect(200, 'POST', `/v1/admin/customers/${s.referrer}/erase`, { token: await admin(), body: { reason: 'asked' } });
  return s;
}

describe('an erased customer', () => {
  it('keeps the code inactive: activation is refused with 409 CUSTOMER_ERASED', async () => {
    const s = await erasedReferrer();
    const r = await t.api.call('POST', `/v1/admin/customers/${s.referrer}/referral-code/activate`, { token: await admin() });
    expect([r.status, r.body.error.code]).toEqual([409, 'CUSTOMER_ERASED']);
    const c = (await t.api.expect(200, 'GET', `/v1/admin/customers/${s.referrer}`, { token: await admin() })).customer;
    expect(c.referral_code.status).toBe('inactive');
  });

  it('cannot be enabled: 409 CUSTOMER_ERASED, disabled or not', async () => {
    const s = await erasedReferrer();
    const r = await t.api.call('POST', `/v1/admin/customers/${s.referrer}/enable`, { token: await admin() });
    expect([r.status, r.body.error.code]).toEqual([409, 'CUSTOMER_ERASED']);
    await t.api.expect(200, 'POST', `/v1/admin/customers/${s.referrer}/disable`, { token: await admin(), body: { reason: 'fraud' } });
    const again = await t.api.call('POST', `/v1/admin/customers/${s.referrer}/enable`, { token: await admin() });
    expect([again.status, again.body.error.code]).toEqual([409, 'CUSTOMER_ERASED']);
  });

  it('shows the code without a letter of the name in the overview, its usages and the events', async () => {
    const s = await erasedReferrer();
    const tail = s.code.split('-')[1];
    expect(s.code).toMatch(/^RIY-/);
    const overview = await t.api.expect(200, 'GET', `/v1/admin/customers/${s.referrer}`, { token: await admin() });
    expect(overview.customer.referral_code.referral_code).toBe(`***-${tail}`);
    expect(overview.usages.as_referrer[0].referral_code).toBe(`***-${tail}`);
    const erasedEvents = (await t.api.expect(200, 'GET', '/_pubsub/referral-events/messages')).messages.filter(
      (m: { attributes: { type: string }; data: { customer_id: string } }) =>
        m.attributes.type === 'customer.erased' && m.data.customer_id === s.referrer,
    );
    expect(erasedEvents.length).toBeGreaterThan(0);
    expect(JSON.stringify([overview, erasedEvents])).not.toContain(s.code);
    expect(JSON.stringify([overview, erasedEvents])).not.toMatch(/RIY/);
  });

  it('never has the code applied again, in either spelling', async () => {
    const s = await erasedReferrer();
    const other = uid('other');
    const dealId = uid('deal');
    await t.api.expect(200, 'PUT', `/_dev/customers/${other}`, { body: { name: 'Tara Das', email: `${other}@example.com` } });
    await t.api.expect(200, 'PUT', `/_dev/deals/${dealId}`, { body: { customer_id: other, amount: 2_000_000 } });
    const token = await t.api.token(other);
    for (const code of [s.code, `***-${s.code.split('-')[1]}`]) {
      const r = await t.api.expect(200, 'POST', '/v1/referral-code/validate', { token, body: { code, deal_id: dealId } });
      expect(r).toMatchObject({ eligible: false, reason: { code: 'CODE_NOT_FOUND' } });
    }
  });
});
