import { describe, expect, it } from 'vitest';
import { referralSetup, uid, useTestHost } from '../support/test-host.js';

const t = useTestHost();

/** A referrer with `n` referees who applied the code (the first `paid` of them also paid), oldest first. */
async function referrerWith(n: number, paid: number, refereeEmail = (id: string) => `${id}@example.com`) {
  const s = await referralSetup(t.api);
  const referees: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const referee = uid('referee');
    const dealId = uid('deal');
    await t.api.expect(200, 'PUT', `/_dev/customers/${referee}`, {
      body: { name: i === 0 ? '  meera   das  krishnan ' : 'Sam Noor', email: refereeEmail(referee), phone_number: '+91 91234 56789' },
    });
    await t.api.expect(200, 'PUT', `/_dev/deals/${dealId}`, { body: { customer_id: referee, amount: 2_000_000 } });
    await t.api.expect(201, 'POST', '/v1/referral-code/apply', {
      token: await t.api.token(referee),
      body: { code: s.code, deal_id: dealId },
    });
    if (i < paid) await t.api.paymentCompleted(dealId, referee, 2_000_000);
    referees.push(referee);
  }
  return { ...s, referees };
}

describe('GET /v1/referrals', () => {
  it("lists the caller's referrals newest first, with the referee's masked name and nothing that identifies them", async () => {
    const s = await referrerWith(2, 1);
    const page = await t.api.expect(200, 'GET', '/v1/referrals', { token: s.referrerToken });
    expect(page.next_cursor).toBeNull();
    expect(page.referrals).toEqual([
      expect.objectContaining({ referee_name: 'Sam N.', state: 'applied', credit_status: 'none', points: 2000, converted_at: null }),
      expect.objectContaining({ referee_name: 'meera K.', state: 'converted', credit_status: 'credited', credit_status_label: 'credited' }),
    ]);
    expect(page.referrals[1].converted_at).toEqual(expect.any(String));
    const text = JSON.stringify(page);
    for (const referee of s.referees) expect(text).not.toContain(referee);
    expect(text).not.toMatch(/example\.com|91234|referee_id|email|phone/);
  });

  it('shows a held credit as under review, never which signal held it', async () => {
    const s = await referrerWith(1, 1, (id) => `${id}@mailinator.com`);
    const [r] = (await t.api.expect(200, 'GET', '/v1/referrals', { token: s.referrerToken })).referrals;
    expect(r).toMatchObject({ credit_status: 'review', credit_status_label: 'under review' });
    expect(JSON.stringify(r)).not.toMatch(/DISPOSABLE|reason/i);
  });

  it('pages with limit and cursor until next_cursor is null', async () => {
    const s = await referrerWith(3, 0);
    const first = await t.api.expect(200, 'GET', '/v1/referrals?limit=2', { token: s.referrerToken });
    expect(first.referrals).toHaveLength(2);
    const second = await t.api.expect(200, 'GET', `/v1/referrals?limit=2&cursor=${first.next_cursor}`, { token: s.referrerToken });
    expect(second.referrals).toHaveLength(1);
    expect(second.next_cursor).toBeNull();
    const ids = [...first.referrals, ...second.referrals].map((r: { usage_id: string }) => r.usage_id);
    expect(new Set(ids).size).toBe(3);
    const applied = [...first.referrals, ...second.referrals].map((r: { applied_at: string }) => r.applied_at);
    expect([...applied].sort().reverse()).toEqual(applied);
  });

  it("shows a caller none of another customer's referrals", async () => {
    await referrerWith(1, 1);
    const stranger = await t.api.token(uid('stranger'));
    expect(await t.api.expect(200, 'GET', '/v1/referrals', { token: stranger })).toEqual({ referrals: [], next_cursor: null });
  });

  it.each([
    ['limit=0', 400, 'INVALID_REQUEST'],
    ['limit=51', 400, 'INVALID_REQUEST'],
    ['cursor=yesterday~use_1', 400, 'INVALID_REQUEST'],
    ['cursor=2026-01-01T00%3A00%3A00Z', 400, 'INVALID_REQUEST'],
  ])('answers ?%s with %i %s', async (query, status, code) => {
    const r = await t.api.call('GET', `/v1/referrals?${query}`, { token: await t.api.token(uid('c')) });
    expect([r.status, r.body.error.code]).toEqual([status, code]);
  });

  it('answers without a token with 401 UNAUTHENTICATED', async () => {
    const r = await t.api.call('GET', '/v1/referrals');
    expect([r.status, r.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
  });
});
