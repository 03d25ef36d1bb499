import { describe, expect, it } from 'vitest';
import { referralSetup, uid, useTestHost } from '../support/test-host.js';

const t = useTestHost({ MAX_REFERRALS_PER_REFERRER: '2' });

async function apply(token: string, code: string, dealId: string) {
  return t.api.call('POST', '/v1/referral-code/apply', { token, body: { code, deal_id: dealId } });
}

describe('POST /v1/referral-code/apply', () => {
  it('creates an applied usage with the discount and counts it in the referrer stats', async () => {
    const s = await referralSetup(t.api);
    const r = await apply(s.refereeToken, s.code, s.dealId);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      referral_code: s.code,
      deal_id: s.dealId,
      status: 'applied',
      discount: { amount: 200000, currency: 'INR' },
    });
    const stats = (await t.api.expect(200, 'GET', '/v1/referral-code', { token: s.referrerToken })).stats;
    expect(stats).toEqual({
      total_uses: 1,
      pending_referrals: 1,
      successful_referrals: 0,
      total_points_earned: 0,
      total_discount_given: 200000,
    });
    await t.expectInvariants();
  });

  it('reads a code forgivingly: case, spaces, missing hyphen and look-alike characters', async () => {
    const s = await referralSetup(t.api);
    const sloppy = ` ${s.code.toLowerCase().replace('-', ' ').replace(/0/g, 'o').replace(/1/g, 'l')} `;
    expect((await apply(s.refereeToken, sloppy, s.dealId)).status).toBe(201);
  });

  it('answers a repeat of a successful apply with the same usage and 200, creating nothing', async () => {
    const s = await referralSetup(t.api);
    const first = await apply(s.refereeToken, s.code, s.dealId);
    const again = await apply(s.refereeToken, s.code.replace('-', ''), s.dealId);
    expect(again.status).toBe(200);
    expect(again.body.usage_id).toBe(first.body.usage_id);
    expect((await t.api.expect(200, 'GET', '/v1/referral-code', { token: s.referrerToken })).stats.total_uses).toBe(1);
  });

  it('lets exactly one of many parallel applies for one referee win', async () => {
    const s = await referralSetup(t.api);
    const deals = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const d = uid('deal');
        await t.api.expect(200, 'PUT', `/_dev/deals/${d}`, { body: { customer_id: s.referee } });
        return d;
      }),
    );
    const answers = await Promise.all(deals.map((d) => apply(s.refereeToken, s.code, d)));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.error.code === 'REFEREE_ALREADY_REFERRED')).toBe(true);
    await t.expectInvariants();
  });
});

describe('the checks of docs/rules.md §2.2, each with its error code', () => {
  type Case = {
    name: string;
    code: string;
    status: number;
    arrange: (s: Awaited<ReturnType<typeof referralSetup>>) => Promise<{ token?: string; code?: string; dealId?: string } | void>;
  };
  const admin = () => t.api.token('ops-admin', ['admin']);
  const cases: Case[] = [
    { name: 'an unknown code', code: 'CODE_NOT_FOUND', status: 404, arrange: async () => ({ code: 'ZZZ-9999' }) },
    { name: 'text that cannot be a code', code: 'CODE_NOT_FOUND', status: 404, arrange: async () => ({ code: '!!' }) },
    {
      name: 'a deactivated code',
      code: 'CODE_INACTIVE',
      status: 422,
      arrange: async (s) =>
        void (await t.api.expect(200, 'POST', `/v1/admin/customers/${s.referrer}/referral-code/deactivate`, {
          token: await admin(),
          body: { reason: 'abuse' },
        })),
    },
    {
      name: 'a disabled referrer',
      code: 'REFERRER_DISABLED',
      status: 422,
      arrange: async (s) =>
        void (await t.api.expect(200, 'POST', `/v1/admin/customers/${s.referrer}/disable`, {
          token: await admin(),
          body: { reason: 'fraud review' },
        })),
    },
    {
      name: 'the referrer applying their own code',
      code: 'SELF_REFERRAL',
      status: 422,
      arrange: async (s) => {
        const d = uid('deal');
        await t.api.expect(200, 'PUT', `/_dev/deals/${d}`, { body: { customer_id: s.referrer } });
        return { token: s.referrerToken, dealId: d };
      },
    },
    {
      name: 'a referee with the referrer’s email in another case',
      code: 'SELF_REFERRAL',
      status: 422,
      arrange: async (s) =>
        void (await t.api.expect(200, 'PUT', `/_dev/customers/${s.referee}`, {
          body: { name: 'Sam', email: ` ${s.referrer.toUpperCase()}@EXAMPLE.com ` },
        })),
    },
    {
      name: 'a referee with the referrer’s phone number written differently',
      code: 'SELF_REFERRAL',
      status: 422,
      arrange: async (s) => {
        const referrer = await t.api.expect(200, 'GET', `/v1/admin/customers/${s.referrer}`, { token: await admin() });
        const digits = String(referrer.customer.phone_number).replace(/\D/g, '').slice(-10);
        await t.api.expect(200, 'PUT', `/_dev/customers/${s.referee}`, {
          body: { name: 'Sam', email: 'other@example.com', phone_number: `0${digits.slice(0, 5)}-${digits.slice(5)}` },
        });
      },
    },
    {
      name: 'a disabled referee',
      code: 'REFEREE_DISABLED',
      status: 403,
      arrange: async (s) =>
        void (await t.api.expect(200, 'POST', `/v1/admin/customers/${s.referee}/disable`, {
          token: await admin(),
          body: { reason: 'chargebacks' },
        })),
    },
    {
      name: 'a referee who has paid before',
      code: 'REFEREE_NOT_NEW',
      status: 422,
      arrange: async (s) => void (await t.api.paymentCompleted(uid('old'), s.referee, 100)),
    },
    {
      name: 'a referee who already used a code',
      code: 'REFEREE_ALREADY_REFERRED',
      status: 409,
      arrange: async (s) => {
        const other = await referralSetup(t.api);
        const d = uid('deal');
        await t.api.expect(200, 'PUT', `/_dev/deals/${d}`, { body: { customer_id: s.referee } });
        await t.api.expect(201, 'POST', '/v1/referral-code/apply', { token: s.refereeToken, body: { code: other.code, deal_id: d } });
      },
    },
    { name: 'an unknown deal', code: 'DEAL_NOT_FOUND', status: 404, arrange: async () => ({ dealId: 'no-such-deal' }) },
    {
      name: 'someone else’s deal',
      code: 'DEAL_NOT_OWNED',
      status: 403,
      arrange: async () => {
        const d = uid('deal');
        await t.api.expect(200, 'PUT', `/_dev/deals/${d}`, { body: { customer_id: 'somebody-else' } });
        return { dealId: d };
      },
    },
    {
      name: 'a paid deal',
      code: 'DEAL_ALREADY_CONVERTED',
      status: 409,
      arrange: async (s) =>
        void (await t.api.expect(200, 'PUT', `/_dev/deals/${s.dealId}`, { body: { customer_id: s.referee, is_converted: true } })),
    },
    {
      name: 'a deal that already carries a code',
      code: 'DEAL_ALREADY_HAS_CODE',
      status: 409,
      arrange: async (s) =>
        void (await t.api.expect(200, 'PUT', `/_dev/deals/${s.dealId}`, {
          body: { customer_id: s.referee, referral_code_applied: 'OTH-1234' },
        })),
    },
    {
      name: 'a referrer at the referral limit',
      code: 'REFERRER_LIMIT_REACHED',
      status: 422,
      arrange: async (s) => {
        for (let i = 0; i < 2; i += 1) {
          const friend = uid('friend');
          const d = uid('deal');
          await t.api.expect(200, 'PUT', `/_dev/deals/${d}`, { body: { customer_id: friend } });
          await t.api.expect(201, 'POST', '/v1/referral-code/apply', {
            token: await t.api.token(friend),
            body: { code: s.code, deal_id: d },
          });
        }
      },
    },
  ];

  it.each(cases)('refuses $name with $code ($status) and changes nothing', async ({ code, status, arrange }) => {
    const s = await referralSetup(t.api);
    const o = (await arrange(s)) ?? {};
    const before = await t.api.expect(200, 'GET', `/v1/admin/customers/${s.referrer}`, { token: await admin() });
    const body = { code: o.code ?? s.code, deal_id: o.dealId ?? s.dealId };
    const token = o.token ?? s.refereeToken;
    const validated = await t.api.expect(200, 'POST', '/v1/referral-code/validate', { token, body });
    expect(validated).toMatchObject({ eligible: false, reason: { code } });
    const r = await t.api.call('POST', '/v1/referral-code/apply', { token, body });
    expect(r.status).toBe(status);
    expect(r.body.error.code).toBe(code);
    const after = await t.api.expect(200, 'GET', `/v1/admin/customers/${s.referrer}`, { token: await admin() });
    expect(after.customer.referral_code?.stats).toEqual(before.customer.referral_code?.stats);
    expect(after.usages).toEqual(before.usages);
    await t.expectInvariants();
  });

  it('checks in the order of docs/rules.md §2.2: a disabled referrer is reported before a self-referral', async () => {
    const s = await referralSetup(t.api);
    await t.api.expect(200, 'POST', `/v1/admin/customers/${s.referrer}/disable`, { token: await admin(), body: { reason: 'x' } });
    const d = uid('deal');
    await t.api.expect(200, 'PUT', `/_dev/deals/${d}`, { body: { customer_id: s.referrer } });
    const r = await apply(s.referrerToken, s.code, d);
    expect(r.body.error.code).toBe('REFERRER_DISABLED');
  });

  it('rate-limits a referee after 10 unknown codes in an hour with 429 and Retry-After, before any lookup', async () => {
    const s = await referralSetup(t.api);
    for (let i = 0; i < 10; i += 1) expect((await apply(s.refereeToken, `QQQ-${1000 + i}`, s.dealId)).status).toBe(404);
    const limited = await t.api.call('POST', '/v1/referral-code/validate', {
      token: s.refereeToken,
      body: { code: s.code, deal_id: s.dealId },
    });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    const raw = await fetch(`${t.host.url}/v1/referral-code/apply`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.refereeToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ code: s.code, deal_id: s.dealId }),
    });
    expect(raw.status).toBe(429);
    expect(Number(raw.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('GET /v1/referral-code', () => {
  it('answers 404 CODE_NOT_GENERATED before the first payment, and the code after it', async () => {
    const c = uid('customer');
    await t.api.expect(200, 'PUT', `/_dev/customers/${c}`, { body: { name: 'Asha Rao', email: `${c}@example.com` } });
    const token = await t.api.token(c);
    const before = await t.api.call('GET', '/v1/referral-code', { token });
    expect([before.status, before.body.error.code]).toEqual([404, 'CODE_NOT_GENERATED']);
    await t.api.paymentCompleted(uid('first'), c, 1_000_000);
    const after = await t.api.expect(200, 'GET', '/v1/referral-code', { token });
    expect(after).toMatchObject({ referral_code: expect.any(String), status: 'active' });
  });

  it('answers 404 CODE_NOT_GENERATED to a caller with no customer record at all', async () => {
    const r = await t.api.call('GET', '/v1/referral-code', { token: await t.api.token(uid('stranger')) });
    expect([r.status, r.body.error.code]).toEqual([404, 'CODE_NOT_GENERATED']);
  });
});

describe('DELETE /v1/deals/{deal_id}/referral', () => {
  it('releases the usage, reverses the stats and lets the referee apply again', async () => {
    const s = await referralSetup(t.api);
    await t.api.expect(201, 'POST', '/v1/referral-code/apply', { token: s.refereeToken, body: { code: s.code, deal_id: s.dealId } });
    const released = await t.api.expect(200, 'DELETE', `/v1/deals/${s.dealId}/referral`, { token: s.refereeToken });
    expect(released.status).toBe('released');
    const again = await t.api.expect(200, 'DELETE', `/v1/deals/${s.dealId}/referral`, { token: s.refereeToken });
    expect(again.usage_id).toBe(released.usage_id);
    expect((await t.api.expect(200, 'GET', '/v1/referral-code', { token: s.referrerToken })).stats).toMatchObject({
      total_uses: 0,
      pending_referrals: 0,
      total_discount_given: 0,
    });
    expect((await apply(s.refereeToken, s.code, s.dealId)).status).toBe(201);
    await t.expectInvariants();
  });

  it('refuses with REFERRAL_NOT_FOUND when the deal carries no code of the caller', async () => {
    const s = await referralSetup(t.api);
    await t.api.expect(201, 'POST', '/v1/referral-code/apply', { token: s.refereeToken, body: { code: s.code, deal_id: s.dealId } });
    const r = await t.api.call('DELETE', `/v1/deals/${s.dealId}/referral`, { token: s.referrerToken });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('REFERRAL_NOT_FOUND');
  });

  it('refuses once the deal is paid', async () => {
    const s = await referralSetup(t.api);
    await t.api.expect(201, 'POST', '/v1/referral-code/apply', { token: s.refereeToken, body: { code: s.code, deal_id: s.dealId } });
    await t.api.paymentCompleted(s.dealId, s.referee, 1_800_000);
    const r = await t.api.call('DELETE', `/v1/deals/${s.dealId}/referral`, { token: s.refereeToken });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('DEAL_ALREADY_CONVERTED');
  });
});

describe('bad input', () => {
  it.each([
    ['no body', undefined],
    ['a missing deal_id', { code: 'ABC-1234' }],
    ['a number as code', { code: 12, deal_id: 'd' }],
    ['an unknown field', { code: 'ABC-1234', deal_id: 'd', extra: true }],
    ['an overlong code', { code: 'A'.repeat(100), deal_id: 'd' }],
  ])('answers %s with 400 INVALID_REQUEST naming the fields', async (_name, body) => {
    const token = await t.api.token(uid('someone'));
    const r = await t.api.call('POST', '/v1/referral-code/apply', { token, ...(body === undefined ? {} : { body }) });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('INVALID_REQUEST');
    expect(r.body.error.details.fields.length).toBeGreaterThan(0);
  });

  it('answers malformed JSON with a 400, never a 500', async () => {
    const token = await t.api.token(uid('someone'));
    const r = await fetch(`${t.host.url}/v1/referral-code/apply`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"code":',
    });
    expect(r.status).toBe(400);
  });
});
