import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshotBoth, seriousViolations } from '../support/browser.js';
import { useTestHost } from '../support/test-host.js';
import { referAndPay } from './seed.js';
import { goTo, openConsole, type ConsolePage } from './console-page.js';

const t = useTestHost();
let browser: Browser;
let c: ConsolePage;
let admin: string;
const today = new Date().toISOString().slice(0, 10);
const from = new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10);

/** Opens a share link as a visitor would (the redirect is not followed), and answers where it sends them. */
async function click(code: string, ip: string, ua: string): Promise<string> {
  const r = await fetch(`${t.host.url}/r/${code}`, { redirect: 'manual', headers: { 'x-forwarded-for': ip, 'user-agent': ua } });
  await r.body?.cancel();
  return r.headers.get('location') ?? '';
}

const funnelNow = () => t.api.expect(200, 'GET', `/v1/admin/reports/funnel?from=${from}&to=${today}&bucket=day`, { token: admin });

beforeAll(async () => {
  admin = await t.api.token('growth-ops', ['admin']);
  const referrer = `growth-referrer-${Date.now()}`;
  await t.api.expect(200, 'PUT', `/_dev/customers/${referrer}`, { body: { name: 'Asha Rao', email: `${referrer}@example.com` } });
  await t.api.paymentCompleted(`${referrer}-first`, referrer, 1_000_000);
  const code: string = (await t.api.expect(200, 'GET', '/v1/referral-code', { token: await t.api.token(referrer) })).referral_code;
  const phone = 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';
  await click(code, '198.51.100.7', phone);
  await click(code, '198.51.100.8', phone);
  await click(code, '198.51.100.9', phone);
  await referAndPay(t.api, code, `${referrer}.friend@example.com`);
  // Clicks are recorded after the redirect answers: wait until the three are in.
  for (let i = 0; i < 50 && (await funnelNow()).totals.clicks < 3; i += 1) await new Promise((r) => setTimeout(r, 100));
  await t.api.expect(200, 'POST', '/_scheduler/recordLiability');
  browser = await launchBrowser();
  c = await openConsole(browser, t.host.url);
}, 90_000);
afterAll(async () => {
  await browser.close();
});

/** What a chart drew, per dataset label, as the canvas records it after each draw. */
async function drawn(name: string): Promise<Record<string, Array<number | null>>> {
  const canvas = c.page.locator(`canvas[data-chart="${name}"]`);
  await expect.poll(() => canvas.getAttribute('data-drawn')).not.toBeNull();
  const sets = JSON.parse((await canvas.getAttribute('data-drawn'))!) as Array<{ label: string; values: Array<number | null> }>;
  return Object.fromEntries(sets.map((s) => [s.label, s.values]));
}

describe('the console draws the growth reports', () => {
  it('draws the seeded funnel per bucket: the values drawn are the report’s', async () => {
    await goTo(c.page, '#/growth', 'Growth');
    const report = await funnelNow();
    const values = await drawn('funnel');
    for (const series of ['clicks', 'applied', 'converted', 'reversed'] as const)
      expect(values[series], series).toEqual(report.buckets.map((b: Record<string, number>) => b[series]));
    expect(values.clicks!.reduce((a, b) => a! + b!, 0)).toBe(3);
    expect(values.converted!.reduce((a, b) => a! + b!, 0)).toBe(1);
    expect(await c.page.locator('table[data-table="funnel"] tbody tr').count()).toBe(report.buckets.length);
    expect(await seriousViolations(c.page)).toEqual([]);
    await screenshotBoth(c.page, 'console-growth');
  });

  it('draws the top referrers and liability over 90 days as the API reports them', async () => {
    const report = await funnelNow();
    expect((await drawn('top-referrers')).converted).toEqual(report.top_referrers.map((r: { converted: number }) => r.converted));
    const liability = await t.api.expect(200, 'GET', '/v1/admin/reports/points-liability?days=90', { token: admin });
    expect(liability.series.length).toBeGreaterThan(0);
    expect((await drawn('liability'))['outstanding points']).toEqual(
      liability.series.map((d: { outstanding_points: number }) => d.outstanding_points),
    );
  });

  it('downloads as CSV exactly the rows the funnel table shows', async () => {
    const download = c.page.waitForEvent('download');
    await c.page.locator('button[data-csv^="funnel-"]').click();
    const csv = await readFile(await (await download).path(), 'utf8');
    const lines = csv.trim().split('\r\n');
    const report = await funnelNow();
    expect(lines[0]).toBe(
      'bucket start,clicks,applied,applied through a link,converted,reversed,points credited,points redeemed,active referrers,click to apply,apply to conversion',
    );
    expect(lines).toHaveLength(report.buckets.length + 1);
    const last = report.buckets.at(-1);
    expect(lines.at(-1)).toContain(`${last.start},${last.clicks},${last.applied},${last.applied_from_clicks},${last.converted}`);
  });

  it('names the field of a refused period beside it', async () => {
    await c.page.getByLabel('From (UTC day)').fill(today);
    await c.page.getByLabel('To (UTC day)').fill(from);
    await c.page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => c.page.locator('.field.invalid .field-problem').first().innerText()).toContain('must not be after to');
  });
});
