import { describe, expect, it, vi } from 'vitest';
import { clickIdOf } from '#shared/growth/share-click.js';
import { referralSetup, uid, useTestHost } from '../support/test-host.js';

const limit = 6;
const t = useTestHost({
  SHARE_LANDING_URL: 'https://example.travel/?utm_source=share&ref={code}&click={click_id}',
  SHARE_CLICK_LIMIT: String(limit),
  SHARE_CLICK_RECORD_TIMEOUT_MS: '300',
});
const browser = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';
const landing = 'https://example.travel/?utm_source=share';

let address = 0;
/** A fresh visitor address, so tests do not share a rate-limit window. */
const newAddress = () => `203.0.113.${(address += 1)}`;

/** Follows a share link as a browser would, without following the redirect. */
async function follow(code: string, visitor: { ip?: string; ua?: string } = {}) {
  const res = await fetch(`${t.host.url}/r/${code}`, {
    redirect: 'manual',
    headers: { 'user-agent': visitor.ua ?? browser, 'x-forwarded-for': `${visitor.ip ?? newAddress()}, 10.0.0.1` },
  });
  return { status: res.status, location: res.headers.get('location'), cache: res.headers.get('cache-control'), body: await res.text() };
}

/** The `share.clicked` events published for a code. */
const clickEvents = (code: string) =>
  t.host.recorder.messages('referral-events').filter((m) => m.attributes.type === 'share.clicked' && m.data.referral_code === code);

describe('GET /r/{code}', () => {
  it('redirects to the landing page with the canonical code and the click id, asks for no token and is never cached', async () => {
    const s = await referralSetup(t.api);
    const typed = s.code.toLowerCase().replace('-', '');
    const r = await follow(typed);
    expect(r.status).toBe(302);
    const clickId = String(clickEvents(s.code)[0]!.data.click_id);
    expect(r.location).toBe(`${landing}&ref=${s.code}&click=${clickId}`);
    expect(r.cache).toBe('private, no-store');
  });

  it.each([
    ['an unknown code', 'ZZZ-ZZZZ'],
    ['a malformed code', 'not a code!'],
    ['bad percent-encoding', '%E0%A4%A'],
    ['markup', '%3Cscript%3Ealert(1)%3C%2Fscript%3E'],
    ['a very long segment', 'A'.repeat(500)],
  ])('sends %s to the landing page without a code, never an error page', async (_what, code) => {
    const r = await follow(code);
    expect([r.status, r.location]).toEqual([302, landing]);
  });

  it('sends an inactive or erased code to the landing page without a code', async () => {
    const admin = await t.api.token('admin-1', ['admin']);
    const inactive = await referralSetup(t.api);
    await t.api.expect(200, 'POST', `/v1/admin/customers/${inactive.referrer}/referral-code/deactivate`, {
      token: admin,
      body: { reason: 'abuse' },
    });
    const erased = await referralSetup(t.api);
    await t.api.expect(200, 'POST', `/v1/admin/customers/${erased.referrer}/erase`, { token: admin, body: { reason: 'asked' } });
    for (const code of [inactive.code, erased.code]) expect((await follow(code)).location).toBe(landing);
    expect([...clickEvents(inactive.code), ...clickEvents(erased.code)]).toEqual([]);
  });

  it('asks the stores the same things for a real code as for an unknown one', async () => {
    const s = await referralSetup(t.api);
    const { stores } = t.host.runtime.ctx;
    const calls: string[] = [];
    const watched = [
      [stores.customers, 'findCustomerByCode'],
      [stores.attempts, 'countAttempts'],
      [stores.attempts, 'addAttempt'],
      [stores.clicks, 'insertClick'],
      [stores.clicks, 'getClick'],
    ] as const;
    const restore = watched.map(([store, method]) => {
      const original = (store as any)[method].bind(store);
      (store as any)[method] = async (...a: unknown[]) => {
        calls.push(method.replace(/insertClick|getClick/, 'click'));
        return original(...a);
      };
      return () => ((store as any)[method] = original);
    });
    try {
      await follow(s.code);
      const known = calls.splice(0);
      await follow('QQQ-QQQQ');
      expect(calls).toEqual(known);
      expect(known).toEqual(['findCustomerByCode', 'countAttempts', 'addAttempt', 'click']);
    } finally {
      for (const r of restore) r();
    }
  });
});

describe('counting share-link clicks', () => {
  it('counts a visitor once per code and UTC day, publishes share.clicked for it, and keeps no address or user agent', async () => {
    const s = await referralSetup(t.api);
    const ip = newAddress();
    await follow(s.code, { ip });
    await follow(s.code, { ip });
    await follow(s.code, { ip: newAddress() });
    const events = clickEvents(s.code);
    expect(events).toHaveLength(2);
    const [first] = events;
    expect(first!.attributes).toEqual({ type: 'share.clicked', event_id: `share.clicked:${String(first!.data.click_id)}` });
    expect(first!.data).toMatchObject({ referral_code: s.code, referrer_id: s.referrer, customer_id: s.referrer });
    const stored = await t.host.runtime.ctx.stores.clicks.getClick(String(first!.data.click_id));
    expect(stored).toMatchObject({ referral_code: s.code, referrer_id: s.referrer, day: stored!.clicked_at.slice(0, 10) });
    expect(stored!.visitor).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toMatch(/203\.0\.113|Mozilla|Chrome/);
    expect(stored!.click_id).toBe(clickIdOf(s.code, stored!.visitor, stored!.day));
  });

  it('counts the same visitor again on the next UTC day', async () => {
    const s = await referralSetup(t.api);
    const ip = newAddress();
    t.host.clock.set(new Date('2026-05-01T23:59:00Z'));
    try {
      await follow(s.code, { ip });
      t.host.clock.set(new Date('2026-05-02T00:01:00Z'));
      await follow(s.code, { ip });
    } finally {
      t.host.clock.clear();
    }
    expect(clickEvents(s.code).map((e) => String(e.data.occurred_at).slice(0, 10))).toEqual(['2026-05-01', '2026-05-02']);
  });

  it.each([
    ['a search crawler', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'],
    ['a link preview', 'WhatsApp/2.23.20.0 A'],
    ['curl', 'curl/8.5.0'],
    ['no user agent at all', ''],
  ])('redirects %s but does not count it', async (_what, ua) => {
    const s = await referralSetup(t.api);
    const r = await follow(s.code, { ua });
    expect(r.location).toBe(`${landing}&ref=${s.code}`);
    expect(clickEvents(s.code)).toEqual([]);
  });

  it.each([
    ['a browser', browser],
    ['a bot', 'curl/8.5.0'],
  ])(`after ${limit} requests in the window, lands %s without a code and counts nothing, but still redirects`, async (_who, ua) => {
    const s = await referralSetup(t.api);
    const ip = newAddress();
    for (let i = 0; i < limit; i += 1) await follow(`QQQ-QQQ${i}`, { ip, ua });
    const r = await follow(s.code, { ip, ua });
    expect([r.status, r.location]).toEqual([302, landing]);
    expect(clickEvents(s.code)).toEqual([]);
    await follow(s.code);
    expect(clickEvents(s.code)).toHaveLength(1);
  });

  it('redirects at once when recording fails, and logs it', async () => {
    const s = await referralSetup(t.api);
    const spy = vi.spyOn(t.host.runtime.ctx.stores.clicks, 'insertClick').mockRejectedValue(new Error('disk full'));
    try {
      const r = await follow(s.code);
      expect(r.location).toMatch(new RegExp(`^${landing.replace(/[?.]/g, '\\$&')}&ref=${s.code}&click=clk_[0-9a-f]{32}$`));
    } finally {
      spy.mockRestore();
    }
    expect(t.logs.some((l) => l.severity === 'WARNING' && String(l.message).includes('disk full'))).toBe(true);
  });

  it('does not wait for a slow store longer than SHARE_CLICK_RECORD_TIMEOUT_MS (300 ms here)', async () => {
    const s = await referralSetup(t.api);
    const spy = vi
      .spyOn(t.host.runtime.ctx.stores.clicks, 'insertClick')
      .mockImplementation(() => new Promise((resolve) => setTimeout(() => resolve('inserted'), 3_000)));
    try {
      const started = performance.now();
      const r = await follow(s.code);
      expect(r.location).toContain(`&ref=${s.code}&click=clk_`);
      expect(performance.now() - started).toBeLessThan(1_500);
    } finally {
      spy.mockRestore();
    }
  });

  it('redirects to the landing page without a code while the database is away', async () => {
    const spy = vi.spyOn(t.host.runtime.ctx.stores.customers, 'findCustomerByCode').mockRejectedValue(new Error('connection refused'));
    try {
      expect(await follow('ASH-7K2P')).toMatchObject({ status: 302, location: landing });
    } finally {
      spy.mockRestore();
    }
  });
});

describe('applying through a share link', () => {
  it('keeps the click on the usage and carries it on referral.applied', async () => {
    const s = await referralSetup(t.api);
    await follow(s.code);
    const clickId = String(clickEvents(s.code)[0]!.data.click_id);
    const usage = await t.api.expect(201, 'POST', '/v1/referral-code/apply', {
      token: s.refereeToken,
      body: { code: s.code, deal_id: s.dealId, click_id: clickId },
    });
    expect(usage.click_id).toBe(clickId);
    const applied = t.host.recorder
      .messages('referral-events')
      .find((m) => m.attributes.type === 'referral.applied' && m.data.usage_id === usage.usage_id);
    expect(applied?.data).toMatchObject({ click_id: clickId, referral_code: s.code });
    await t.expectInvariants();
  });

  it('drops a click of another code, or one that does not exist, without failing the apply', async () => {
    const other = await referralSetup(t.api);
    await follow(other.code);
    const othersClick = String(clickEvents(other.code)[0]!.data.click_id);
    for (const clickId of [othersClick, `clk_${'0'.repeat(32)}`]) {
      const s = await referralSetup(t.api);
      const usage = await t.api.expect(201, 'POST', '/v1/referral-code/apply', {
        token: s.refereeToken,
        body: { code: s.code, deal_id: s.dealId, click_id: clickId },
      });
      expect(usage.click_id).toBeNull();
    }
  });

  it('refuses a malformed click_id with 400 naming the field', async () => {
    const s = await referralSetup(t.api);
    const r = await t.api.call('POST', '/v1/referral-code/apply', {
      token: s.refereeToken,
      body: { code: s.code, deal_id: uid('deal'), click_id: 'clk_not-hex' },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.details.fields.map((f: { field: string }) => f.field)).toEqual(['body.click_id']);
  });
});
