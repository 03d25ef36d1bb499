import { describe, expect, it } from 'vitest';
import { referralSetup, uid, useTestHost } from '../support/test-host.js';

const t = useTestHost({ DISPOSABLE_EMAIL_DOMAINS: 'burner.test' });
const admin = () => t.api.token('ops', ['admin']);
const search = async (query: string) =>
  (await t.api.expect(200, 'GET', `/v1/admin/customers?query=${encodeURIComponent(query)}`, { token: await admin() })).matches;

/** A customer with a profile and a first payment (so a code). */
async function customer(profile: { name: string; email: string; phone_number: string }) {
  const id = uid('cust');
  await t.api.expect(200, 'PUT', `/_dev/customers/${id}`, { body: profile });
  await t.api.paymentCompleted(uid('first'), id, 1_000_000);
  const code: string = (await t.api.expect(200, 'GET', '/v1/referral-code', { token: await t.api.token(id) })).referral_code;
  return { id, code };
}

describe('GET /v1/admin/customers?query=', () => {
  it('finds a customer by id, by a carelessly typed code, by e-mail as self-referral reads it, and by phone', async () => {
    const n = Math.floor(Math.random() * 1e6);
    const c = await customer({
      name: 'Meera Iyer',
      email: `Meera.Iyer${n}@gmail.com`,
      phone_number: `+91 99${String(n).padStart(8, '0')}`,
    });
    const row = { customer_id: c.id, name: 'Meera Iyer', code: c.code, code_status: 'active', status: 'active' };
    expect(await search(c.id)).toEqual([{ ...row, matched_by: 'customer_id' }]);
    const careless = ` ${c.code.toLowerCase().replace('-', '').replace(/0/g, 'o').replace(/1/g, 'l')} `;
    expect(await search(careless)).toEqual([{ ...row, matched_by: 'code' }]);
    expect(await search(`meeraiyer${n}+trips@googlemail.com`)).toEqual([{ ...row, matched_by: 'email' }]);
    expect(await search(`099${String(n).padStart(8, '0')}`)).toEqual([{ ...row, matched_by: 'phone' }]);
  });

  it('answers no match with an empty list', async () => {
    expect(await search('nobody-at-all@example.org')).toEqual([]);
    expect(await search('ZZZ-9999')).toEqual([]);
  });

  it('lists every customer a shared phone finds, with their status', async () => {
    const phone = `+91 98${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const a = await customer({ name: 'Ana Roy', email: `${uid('a')}@example.com`, phone_number: phone });
    const b = await customer({ name: 'Ben Roy', email: `${uid('b')}@example.com`, phone_number: phone });
    await t.api.expect(200, 'POST', `/v1/admin/customers/${b.id}/disable`, { token: await admin(), body: { reason: 'fraud' } });
    const found = await search(phone);
    expect(found.map((m: { customer_id: string }) => m.customer_id).sort()).toEqual([a.id, b.id].sort());
    expect(found.find((m: { customer_id: string }) => m.customer_id === b.id)).toMatchObject({ status: 'disabled', matched_by: 'phone' });
  });

  it('finds an erased customer by id only, with no name and the code without its letters', async () => {
    const email = `${uid('gone')}@example.com`;
    const c = await customer({ name: 'Gita Rao', email, phone_number: '+91 97777 12345' });
    await t.api.expect(200, 'POST', `/v1/admin/customers/${c.id}/erase`, { token: await admin(), body: { reason: 'asked' } });
    expect(await search(c.id)).toEqual([
      {
        customer_id: c.id,
        name: null,
        code: `***-${c.code.split('-')[1]}`,
        code_status: 'inactive',
        status: 'erased',
        matched_by: 'customer_id',
      },
    ]);
    expect(await search(email)).toEqual([]);
    expect(await search(c.code)).toEqual([]);
    expect((await search('+91 97777 12345')).map((m: { customer_id: string }) => m.customer_id)).not.toContain(c.id);
  });

  it.each([
    ['an empty query', ''],
    ['a blank query', '   '],
    ['an over-long query', 'x'.repeat(201)],
  ])('refuses %s with 400 naming query.query', async (_name, query) => {
    const r = await t.api.call('GET', `/v1/admin/customers?query=${encodeURIComponent(query)}`, { token: await admin() });
    expect([r.status, r.body.error.code, r.body.error.details.fields[0].field]).toEqual([400, 'INVALID_REQUEST', 'query.query']);
  });

  it('refuses no query at all, and a customer, the same way', async () => {
    const r = await t.api.call('GET', '/v1/admin/customers', { token: await admin() });
    expect([r.status, r.body.error.details.fields[0].field]).toEqual([400, 'query.query']);
    const me = uid('me');
    const f = await t.api.call('GET', `/v1/admin/customers?query=${me}`, { token: await t.api.token(me) });
    expect([f.status, f.body.error.code]).toEqual([403, 'FORBIDDEN']);
  });
});

describe('GET /v1/admin/customers/{id}/usages', () => {
  it("pages the referrer's side newest first and shows the referee's side with the other party", async () => {
    const s = await referralSetup(t.api, { refereeProfile: { email: `${uid('sam')}@burner.test` } });
    await t.api.expect(201, 'POST', '/v1/referral-code/apply', { token: s.refereeToken, body: { code: s.code, deal_id: s.dealId } });
    await t.api.paymentCompleted(s.dealId, s.referee, 2_000_000);
    const token = await admin();
    const mine = await t.api.expect(200, 'GET', `/v1/admin/customers/${s.referrer}/usages?side=referrer&limit=1`, { token });
    expect(mine.usages).toHaveLength(1);
    expect(mine.usages[0]).toMatchObject({
      side: 'referrer',
      other_party_id: s.referee,
      deal_id: s.dealId,
      state: 'converted',
      credit_status: 'review',
      review: { status: 'open', reasons: ['DISPOSABLE_EMAIL'] },
      points: 2000,
    });
    expect(mine.usages[0].converted_at).toEqual(expect.any(String));
    expect(mine.next_cursor).toBeNull();
    const theirs = await t.api.expect(200, 'GET', `/v1/admin/customers/${s.referee}/usages?side=referee`, { token });
    expect(theirs.usages.map((u: { usage_id: string; other_party_id: string }) => [u.usage_id, u.other_party_id])).toEqual([
      [mine.usages[0].usage_id, s.referrer],
    ]);
    expect((await t.api.expect(200, 'GET', `/v1/admin/customers/${s.referee}/usages`, { token })).usages).toEqual([]);
  });

  it('pages with next_cursor until the last page', async () => {
    const s = await referralSetup(t.api);
    const token = await admin();
    // Two usages of the referee: one released, then one applied.
    await t.api.expect(201, 'POST', '/v1/referral-code/apply', { token: s.refereeToken, body: { code: s.code, deal_id: s.dealId } });
    await t.api.expect(200, 'DELETE', `/v1/deals/${s.dealId}/referral`, { token: s.refereeToken });
    const second = uid('deal');
    await t.api.expect(200, 'PUT', `/_dev/deals/${second}`, { body: { customer_id: s.referee, amount: 2_000_000 } });
    await t.api.expect(201, 'POST', '/v1/referral-code/apply', { token: s.refereeToken, body: { code: s.code, deal_id: second } });
    const first = await t.api.expect(200, 'GET', `/v1/admin/customers/${s.referrer}/usages?limit=1`, { token });
    expect(first.usages.map((u: { deal_id: string }) => u.deal_id)).toEqual([second]);
    const next = await t.api.expect(
      200,
      'GET',
      `/v1/admin/customers/${s.referrer}/usages?limit=1&cursor=${encodeURIComponent(first.next_cursor)}`,
      {
        token,
      },
    );
    expect(next.usages.map((u: { deal_id: string; state: string }) => [u.deal_id, u.state])).toEqual([[s.dealId, 'released']]);
    expect(next.next_cursor).toBeNull();
  });

  it.each([
    ['an unknown customer', () => uid('nobody'), '', 404, 'CUSTOMER_NOT_FOUND'],
    ['a bad side', () => 'x', '?side=both', 400, 'INVALID_REQUEST'],
    ['a bad cursor', () => 'x', '?cursor=nope', 400, 'INVALID_REQUEST'],
  ])('answers %s with the right error', async (_name, id, query, status, code) => {
    const r = await t.api.call('GET', `/v1/admin/customers/${id()}/usages${query}`, { token: await admin() });
    expect([r.status, r.body.error.code]).toEqual([status, code]);
  });
});

describe('GET /v1/admin/customers/{id}/ledger', () => {
  it("pages the customer's ledger as the customer sees it, a REDEEM naming its redemption", async () => {
    const s = await referralSetup(t.api);
    const token = await admin();
    await t.api.expect(201, 'POST', `/v1/admin/customers/${s.referrer}/points/adjust`, {
      token,
      headers: { 'idempotency-key': uid('k') },
      body: { points: 900, reason: 'goodwill' },
    });
    const r = await t.api.expect(201, 'POST', '/v1/points/redeem', {
      token: s.referrerToken,
      headers: { 'idempotency-key': uid('k') },
      body: { points: 300, deal_id: uid('trip') },
    });
    const page = await t.api.expect(200, 'GET', `/v1/admin/customers/${s.referrer}/ledger?limit=1`, { token });
    expect(page.entries).toHaveLength(1);
    expect(page.entries[0]).toMatchObject({ type: 'REDEEM', points: -300, cause: { redemption_id: r.redemption_id } });
    expect(page.entries[0]).not.toHaveProperty('events');
    const own = await t.api.expect(200, 'GET', '/v1/points/ledger?limit=1', { token: s.referrerToken });
    expect(own.entries[0].entry_id).toBe(page.entries[0].entry_id);
    const rest = await t.api.expect(200, 'GET', `/v1/admin/customers/${s.referrer}/ledger?cursor=${page.next_cursor}`, { token });
    expect(rest.entries.map((e: { type: string }) => e.type)).toEqual(['ADJUST']);
    expect(rest.next_cursor).toBeNull();
    const unknown = await t.api.call('GET', `/v1/admin/customers/${uid('nobody')}/ledger`, { token });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'CUSTOMER_NOT_FOUND']);
  });
});
