import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '#shared/app/config.js';
import { memoryLogger } from '#shared/core/logger.js';
import { startLocalHost, type LocalHost } from '../../tools/local-host/host.js';
import { HostClient } from '../../tools/demo-client.js';
import { launchBrowser, screenshotBoth } from '../support/browser.js';
import { referAndPay } from '../console/seed.js';

/**
 * The card as production serves it: the booking site's page on its own origin, the card's script
 * and the API on the API's (the local host stands for API Gateway). Two sites on two loopback
 * origins, one of them in CARD_ALLOWED_ORIGINS.
 */
let host: LocalHost;
let allowedSite: Server;
let refusedSite: Server;
let browser: Browser;
let referrer: { code: string; token: string };

const originOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

/** A booking site's account page that loads the card from the API's host, under a strict CSP naming that host. */
function startSite(): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://site');
    if (url.pathname !== '/account') return void res.writeHead(404).end();
    const api = host.url;
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.setHeader(
      'content-security-policy',
      `default-src 'self'; script-src 'self' ${api}; connect-src ${api}; style-src 'self'; img-src 'self'`,
    );
    res.end(
      `<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width, initial-scale=1"><title>Your account</title>` +
        `<script type="module" src="${api}/card/referral-card.js"></script></head>` +
        `<body><main><h1>Your account</h1><referral-card token="${url.searchParams.get('token') ?? ''}"></referral-card></main></body></html>`,
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  allowedSite = await startSite();
  refusedSite = await startSite();
  host = await startLocalHost(loadConfig({ NODE_ENV: 'test', PORT: '0', CARD_ALLOWED_ORIGINS: originOf(allowedSite) }), {
    logger: memoryLogger(),
  });
  const api = new HostClient(host.url);
  const id = `cross-origin-referrer-${Date.now()}`;
  await api.expect(200, 'PUT', `/_dev/customers/${id}`, { body: { name: 'Riya Kapoor', email: `${id}@example.com` } });
  await api.paymentCompleted(`${id}-first`, id, 1_000_000);
  const token = await api.token(id);
  const code: string = (await api.expect(200, 'GET', '/v1/referral-code', { token })).referral_code;
  await referAndPay(api, code, `${id}.friend@example.com`);
  referrer = { code, token };
  browser = await launchBrowser();
}, 90_000);
afterAll(async () => {
  await browser.close();
  for (const s of [allowedSite, refusedSite]) await new Promise<void>((resolve) => s.close(() => resolve()));
  await host.close();
});

async function account(site: Server): Promise<{ page: Page; errors: string[]; console: string[] }> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  page.setDefaultTimeout(5_000);
  const errors: string[] = [];
  const console: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => console.push(m.text()));
  await page.goto(`${originOf(site)}/account?token=${encodeURIComponent(referrer.token)}`);
  return { page, errors, console };
}

describe('the referrer’s card on a site of another origin than the API', () => {
  it('loads its script from the API’s host and its data across origins when the site is allowed', async () => {
    const { page, errors } = await account(allowedSite);
    const card = page.locator('referral-card');
    await card.locator('[data-code]').waitFor();
    expect(await card.locator('[data-code]').innerText()).toBe(referrer.code);
    expect(await card.locator('.referrals li').count()).toBe(1);
    // Share links point at the API's host, where shareLink answers them.
    expect(await card.locator('[data-share="whatsapp"]').getAttribute('href')).toContain(
      encodeURIComponent(`${host.url}/r/${referrer.code}`),
    );
    expect(errors).toEqual([]);
    await screenshotBoth(page, 'card-cross-origin-allowed');
  });

  it('shows its plain message, and throws nothing into the page, when the site is not allowed', async () => {
    const { page, errors, console } = await account(refusedSite);
    await expect.poll(() => page.locator('referral-card .message').innerText()).toBe('The referral card could not load. Try again later.');
    expect(await page.locator('referral-card [data-code]').count()).toBe(0);
    expect(errors).toEqual([]);
    // The browser refused the answers for want of CORS, not for anything else.
    expect(console.some((line) => line.includes('CORS policy'))).toBe(true);
    await screenshotBoth(page, 'card-cross-origin-refused');
  });
});
