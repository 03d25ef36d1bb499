import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '#shared/app/config.js';
import { useTestHost } from '../support/test-host.js';

const site = 'https://www.example.travel';
const other = 'https://evil.example';
const t = useTestHost({ CARD_ALLOWED_ORIGINS: `${site}, http://127.0.0.1:5173` });

/** A browser's preflight of `GET <path>` with the token, from `origin`. */
const preflight = (path: string, origin?: string) =>
  fetch(`${t.host.url}${path}`, {
    method: 'OPTIONS',
    headers: {
      ...(origin ? { origin } : {}),
      'access-control-request-method': 'GET',
      'access-control-request-headers': 'authorization',
    },
  });

describe('the card’s routes from a page on another origin (CORS)', () => {
  it.each(['/v1/referral-code', '/v1/referrals', '/v1/points'])('answers the preflight of GET %s from an allowed origin', async (path) => {
    const res = await preflight(path, site);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(site);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET');
    expect(res.headers.get('access-control-allow-headers')).toBe('Authorization');
    expect(res.headers.get('access-control-max-age')).toBe('7200');
    expect(res.headers.get('vary')).toContain('Origin');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('refuses the preflight of any other origin with 403 ORIGIN_NOT_ALLOWED and no CORS header', async () => {
    for (const origin of [other, 'https://www.example.travel.evil.example', 'null', 'https://WWW.example.travel']) {
      const res = await preflight('/v1/points', origin);
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('ORIGIN_NOT_ALLOWED');
      for (const h of ['allow-origin', 'allow-methods', 'allow-headers', 'max-age'])
        expect(res.headers.get(`access-control-${h}`)).toBeNull();
      expect(res.headers.get('vary')).toContain('Origin');
    }
  });

  it('answers an OPTIONS without Origin (not a preflight) with what the path allows', async () => {
    const res = await preflight('/v1/referral-code');
    expect(res.status).toBe(204);
    expect(res.headers.get('allow')).toBe('GET, OPTIONS');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('gives the real request of an allowed origin its origin back, with the token checked as ever', async () => {
    const token = await t.api.token('card-cors-customer');
    const res = await fetch(`${t.host.url}/v1/points`, { headers: { origin: site, authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(site);
    expect(res.headers.get('vary')).toContain('Origin');
    // An expired or forged token is a 401 the card can read, so it can say the session expired.
    const refused = await fetch(`${t.host.url}/v1/referral-code`, { headers: { origin: site, authorization: 'Bearer not.a.token' } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe(site);
  });

  it('gives the real request of another origin no CORS header, so its page cannot read the answer', async () => {
    const token = await t.api.token('card-cors-customer');
    const res = await fetch(`${t.host.url}/v1/points`, { headers: { origin: other, authorization: `Bearer ${token}` } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('vary')).toContain('Origin');
  });

  it('opens no other route to other origins', async () => {
    const token = await t.api.token('card-cors-customer');
    const ledger = await fetch(`${t.host.url}/v1/points/ledger`, { headers: { origin: site, authorization: `Bearer ${token}` } });
    expect(ledger.status).toBe(200);
    expect(ledger.headers.get('access-control-allow-origin')).toBeNull();
    const redeem = await fetch(`${t.host.url}/v1/points/redeem`, { method: 'OPTIONS', headers: { origin: site } });
    expect(redeem.status).toBe(405);
    expect(redeem.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('the card’s script, served by shareLink', () => {
  it('serves referral-card.js to any page for 5 minutes, and the same script under its hash for good', async () => {
    const res = await fetch(`${t.host.url}/card/referral-card.js`, { headers: { origin: other } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const script = Buffer.from(await res.arrayBuffer());
    expect(script.toString('utf8')).toContain('referral-card');
    const hashed = `referral-card-${createHash('sha256').update(script).digest('hex').slice(0, 12)}.js`;
    const pinned = await fetch(`${t.host.url}/card/${hashed}`);
    expect(pinned.status).toBe(200);
    expect(pinned.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(Buffer.from(await pinned.arrayBuffer()).equals(script)).toBe(true);
  });

  it('answers 304 to a browser that has the script already, and 404 NOT_FOUND to a file it does not have', async () => {
    const first = await fetch(`${t.host.url}/card/referral-card.js`);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const again = await fetch(`${t.host.url}/card/referral-card.js`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    const missing = await fetch(`${t.host.url}/card/referral-card-000000000000.js`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });
});

describe('CARD_ALLOWED_ORIGINS', () => {
  it.each([
    ['https://www.example.travel/'],
    ['https://www.example.travel/account'],
    ['www.example.travel'],
    ['*'],
    ['https://www.example.travel:443'],
    ['https://WWW.example.travel'],
    ['ftp://www.example.travel'],
  ])('refuses %s at start-up, naming the variable', (value) => {
    expect(() => loadConfig({ NODE_ENV: 'test', CARD_ALLOWED_ORIGINS: value })).toThrow(/^Invalid configuration: CARD_ALLOWED_ORIGINS: /);
  });

  it('takes exact origins, comma-separated, and none when unset', () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      CARD_ALLOWED_ORIGINS: 'https://a.example.travel, http://localhost:3000,https://b.example',
    });
    expect(config.card.allowedOrigins).toEqual(['https://a.example.travel', 'http://localhost:3000', 'https://b.example']);
    expect(loadConfig({ NODE_ENV: 'test' }).card.allowedOrigins).toEqual([]);
  });
});
