import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshotBoth, seriousViolations } from '../support/browser.js';
import { useTestHost } from '../support/test-host.js';
import { referAndPay } from '../console/seed.js';

// A two-day hold, so the card has credits on their way to show.
const t = useTestHost({ CREDIT_HOLD_DAYS: '2' });
let site: Server;
let siteUrl: string;
let browser: Browser;
let referrer: { id: string; code: string; token: string };

/**
 * A plain booking site: an account page with one script tag and the card, and its API under its
 * own origin (proxied to the local host), as a site that fronts the platform's API would serve it.
 */
function startSite(apiUrl: string): Promise<Server> {
  const api = new URL(apiUrl);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://site');
    if (url.pathname === '/account') {
      const attrs = ['lang', 'token'].flatMap((k) => (url.searchParams.has(k) ? [`${k}="${url.searchParams.get(k)}"`] : [])).join(' ');
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.setHeader('content-security-policy', "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self'");
      return res.end(
        `<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width, initial-scale=1"><title>Your account</title>` +
          `<script type="module" src="/card/referral-card.js"></script></head>` +
          `<body><main><h1>Your account</h1><referral-card ${attrs}></referral-card></main></body></html>`,
      );
    }
    const upstream = request({ host: api.hostname, port: api.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    req.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  const id = `card-referrer-${Date.now()}`;
  await t.api.expect(200, 'PUT', `/_dev/customers/${id}`, { body: { name: 'Riya Kapoor', email: `${id}@example.com` } });
  await t.api.paymentCompleted(`${id}-first`, id, 1_000_000);
  const token = await t.api.token(id);
  const code: string = (await t.api.expect(200, 'GET', '/v1/referral-code', { token })).referral_code;
  await referAndPay(t.api, code, `${id}.friend1@example.com`);
  await referAndPay(t.api, code, `${id}.friend2@example.com`);
  referrer = { id, code, token };
  site = await startSite(t.host.url);
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  browser = await launchBrowser();
}, 90_000);
afterAll(async () => {
  await browser.close();
  await new Promise<void>((resolve) => site.close(() => resolve()));
});

async function account(query: Record<string, string>, width = 1280): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width, height: 800 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: siteUrl });
  const page = await context.newPage();
  page.setDefaultTimeout(5_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${siteUrl}/account?${new URLSearchParams(query).toString()}`);
  return { page, errors };
}

describe('the referrer’s card on a booking site', () => {
  it.each([360, 1280])('shows the code, points, held credits and referrals at %i px, with no serious axe violation', async (width) => {
    const { page, errors } = await account({ token: referrer.token }, width);
    const card = page.locator('referral-card');
    await card.locator('[data-code]').waitFor();
    expect(await card.locator('[data-code]').innerText()).toBe(referrer.code);
    expect(await card.getByText('On their way', { exact: true }).count()).toBe(1);
    expect(await card.locator('.referrals li').count()).toBe(2);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    if (width === 360) await screenshotBoth(page, 'card-en');
  });

  it('copies the share link to the clipboard, and the WhatsApp button carries it', async () => {
    const { page } = await account({ token: referrer.token });
    const card = page.locator('referral-card');
    await card.getByRole('button', { name: 'Copy link' }).click();
    const link = `${siteUrl}/r/${referrer.code}`;
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    expect(await card.getByRole('status').innerText()).toContain('Copied');
    expect(await card.locator('[data-share="whatsapp"]').getAttribute('href')).toContain(encodeURIComponent(link));
    expect(await card.locator('[data-share="email"]').getAttribute('href')).toContain(encodeURIComponent(link));
  });

  it('speaks Hindi with lang="hi"', async () => {
    const { page } = await account({ token: referrer.token, lang: 'hi' }, 360);
    await page.locator('referral-card [data-code]').waitFor();
    expect(await page.locator('referral-card h2').innerText()).toBe('दोस्त को रेफ़र करें');
    expect(await page.locator('referral-card').getByRole('button', { name: 'लिंक कॉपी करें' }).count()).toBe(1);
    await screenshotBoth(page, 'card-hi');
  });

  it.each([
    ['no token', {}, 'Sign in to see your referral code and points.'],
    ['an expired or forged token', { token: 'not.a.token' }, 'Your session has expired.'],
  ])('shows a plain message for %s, and throws nothing into the page', async (_name, query, message) => {
    const { page, errors } = await account(query);
    await expect.poll(() => page.locator('referral-card .message').innerText()).toContain(message);
    expect(errors).toEqual([]);
  });
});
