import { describe, expect, it } from 'vitest';
import { referralSetup, uid, useTestHost } from '../support/test-host.js';

const t = useTestHost();
const admin = () => t.api.token('ops', ['admin']);

describe('POST /v1/admin/customers/{id}/erase', () => {
  it('erases the name, e-mail and phone from the customer and every copy the host keeps, once', async () => {
    const s = await referralSetup(t.api);
    const name = 'Zora Quillfeather';
    const email = 'zora.quillfeather@example.com';
    await t.api.publish('customers', 'customer.upserted', { customer_id: s.referrer, name, email, phone_number: '+91 90000 22222' });
    await t.api.paymentCompleted(uid('trip'), s.referrer, 300_000, { customer: { name, email, phone_number: '+91 90000 22222' } });
    await t.api.expect(201, 'POST', '/v1/referral-code/apply', { token: s.refereeToken, body: { code: s.code, deal_id: s.dealId } });
    await t.api.paymentCompleted(s.dealId, s.referee, 2_000_000);
    const statsBefore = (await t.api.expect(200, 'GET', '/v1/referral-code', { token: s.referrerToken })).stats;

    const erased = await t.api.expect(200, 'POST', `/v1/admin/customers/${s.referrer}/erase`, {
      token: await admin(),
      body: { reason: 'asked under DPDP' },
    });
    expect(erased).toMatchObject({
      name: null,
      email: null,
      phone_number: null,
      erasure: { erased_by: 'ops', reason: 'asked under DPDP' },
    });
    expect(erased.referral_code).toMatchObject({ status: 'inactive', deactivation_reason: 'customer erased' });
    expect(erased.erasure.email_hash).toMatch(/^[0-9a-f]{64}$/);
    const again = await t.api.expect(200, 'POST', `/v1/admin/customers/${s.referrer}/erase`, {
      token: await admin(),
      body: { reason: 'again' },
    });
    expect(again.erasure).toEqual(erased.erasure);

    const overview = await t.api.expect(200, 'GET', `/v1/admin/customers/${s.referrer}`, { token: await admin() });
    const kept = JSON.stringify([
      overview,
      ...(await Promise.all(
        ['payments', 'customers', 'referral-events', 'referral-notifications'].map((topic) =>
          t.api.expect(200, 'GET', `/_pubsub/${topic}/messages`),
        ),
      )),
      t.logs,
    ]);
    expect(kept).not.toMatch(/zora|quillfeather|90000 22222|9000022222|Riya Kapoor/i);
    expect(kept).not.toContain(`${s.referrer}@example.com`);
    // The financial records keep their ids and amounts.
    expect((await t.api.expect(200, 'GET', '/v1/referral-code', { token: s.referrerToken })).stats).toEqual(statsBefore);
    expect(overview.usages.as_referrer[0]).toMatchObject({ referee_id: s.referee, credit_status: 'credited', reward_points: 2000 });
    const events = (await t.api.expect(200, 'GET', '/_pubsub/referral-events/messages')).messages.filter(
      (m: { attributes: { type: string }; data: { customer_id: string } }) =>
        m.attributes.type === 'customer.erased' && m.data.customer_id === s.referrer,
    );
    expect(new Set(events.map((m: { attributes: { event_id: string } }) => m.attributes.event_id))).toEqual(
      new Set([`customer.erased:${s.referrer}`]),
    );
  });

  it('keeps no profile the platform sends after the erasure', async () => {
    const s = await referralSetup(t.api);
    await t.api.expect(200, 'POST', `/v1/admin/customers/${s.referee}/erase`, { token: await admin(), body: { reason: 'asked' } });
    await t.api.publish('customers', 'customer.upserted', { customer_id: s.referee, name: 'Back Again', email: 'back@example.com' });
    const c = (await t.api.expect(200, 'GET', `/v1/admin/customers/${s.referee}`, { token: await admin() })).customer;
    expect([c.name, c.email]).toEqual([null, null]);
  });

  it('still refuses self-referral by the same e-mail after the erasure', async () => {
    const referee = uid('erased-referee');
    await t.api.expect(200, 'PUT', `/_dev/customers/${referee}`, { body: { name: 'Ila Sen', email: 'Ila.Sen@gmail.com' } });
    await t.api.expect(200, 'POST', `/v1/admin/customers/${referee}/erase`, { token: await admin(), body: { reason: 'asked' } });
    // A second account of hers, with the same address as Gmail reads it, pays and gets a code.
    const second = uid('second-account');
    await t.api.expect(200, 'PUT', `/_dev/customers/${second}`, { body: { name: 'I Sen', email: 'ilasen+new@googlemail.com' } });
    await t.api.paymentCompleted(uid('first'), second, 500_000);
    const code = (await t.api.expect(200, 'GET', '/v1/referral-code', { token: await t.api.token(second) })).referral_code;
    const dealId = uid('deal');
    await t.api.expect(200, 'PUT', `/_dev/deals/${dealId}`, { body: { customer_id: referee, amount: 2_000_000 } });
    const r = await t.api.call('POST', '/v1/referral-code/apply', { token: await t.api.token(referee), body: { code, deal_id: dealId } });
    expect([r.status, r.body.error.code]).toEqual([422, 'SELF_REFERRAL']);
  });

  it.each([
    ['an unknown customer', () => uid('nobody'), { reason: 'asked' }, 404, 'CUSTOMER_NOT_FOUND'],
    ['no reason', () => 'someone', {}, 400, 'INVALID_REQUEST'],
    ['a blank reason', () => 'someone', { reason: '   ' }, 400, 'INVALID_REQUEST'],
  ])('answers %s with the right error', async (_name, id, body, status, code) => {
    const r = await t.api.call('POST', `/v1/admin/customers/${id()}/erase`, { token: await admin(), body });
    expect([r.status, r.body.error.code]).toEqual([status, code]);
  });

  it('refuses erasure to a customer with 403 FORBIDDEN', async () => {
    const me = uid('me');
    const r = await t.api.call('POST', `/v1/admin/customers/${me}/erase`, { token: await t.api.token(me), body: { reason: 'x' } });
    expect([r.status, r.body.error.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('leaves every invariant holding', async () => {
    await t.expectInvariants();
  });
});
