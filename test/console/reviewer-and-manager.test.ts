import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshotBoth, seriousViolations } from '../support/browser.js';
import { consoleStores, useSeededConsole } from './seeded-console.js';
import { findAndOpen, goTo, mainText } from './console-page.js';

/** Presses Tab until the focused element matches `selector` (at most 60 times), as a keyboard user would. */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 60; i += 1) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

describe.each(consoleStores)('the console, for a reviewer and a programme manager, on %s', (storeName, env) => {
  const s = useSeededConsole(env());
  const shots = storeName === 'embedded stores';

  it('approves one case and rejects another with the keyboard alone', async () => {
    await goTo(s.c.page, '#/reviews', 'Review queue');
    const cases = s.c.page.locator('li.case');
    await expect.poll(() => cases.count()).toBeGreaterThanOrEqual(2);
    const first = (await cases.nth(0).getAttribute('aria-labelledby'))!.replace('case-', '');
    const second = (await cases.nth(1).getAttribute('aria-labelledby'))!.replace('case-', '');
    if (shots) await screenshotBoth(s.c.page, 'console-reviews');
    expect(await seriousViolations(s.c.page)).toEqual([]);

    await tabTo(s.c.page, `li[aria-labelledby="case-${first}"] form[aria-label="Approve"] input[name="reason"]`);
    await s.c.page.keyboard.type('Known family referral');
    await s.c.page.keyboard.press('Enter');
    await s.c.page.keyboard.press('Enter');
    await expect.poll(() => cases.nth(0).getByRole('status').innerText()).toContain('Approved');

    await tabTo(s.c.page, `li[aria-labelledby="case-${second}"] form[aria-label="Reject"] input[name="reason"]`);
    await s.c.page.keyboard.type('Throwaway address');
    await s.c.page.keyboard.press('Enter');
    await s.c.page.keyboard.press('Enter');
    await expect.poll(() => cases.nth(1).getByRole('status').innerText()).toContain('Rejected');

    const usage = (id: string) => s.t.host.runtime.ctx.stores.usages.getUsage(id);
    expect((await usage(first))?.credit_status).toBe('credited');
    expect((await usage(second))?.credit_status).toBe('rejected');
  });

  it('schedules terms with one invalid field, shows the error beside it, fixes it and withdraws', async () => {
    await goTo(s.c.page, '#/terms', 'Programme terms');
    const form = s.c.page.getByRole('form', { name: 'Schedule a version' });
    const start = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 16);
    await form.getByLabel('Starts (UTC)').fill(start);
    await form.getByLabel('Reason').fill('Monsoon offer');
    await form.getByLabel('Referrer reward (points)').fill('2500');
    await form.getByLabel('Points valid for (months)').fill('0');
    await form.getByRole('button', { name: 'Schedule' }).click();
    await form.getByRole('button', { name: 'Confirm: schedule' }).click();
    const months = form.locator('.field', { has: s.c.page.getByLabel('Points valid for (months)') });
    await expect.poll(() => months.locator('.field-problem').count()).toBe(1);
    expect(await form.getByLabel('Reason').inputValue()).toBe('Monsoon offer');
    if (shots) await screenshotBoth(s.c.page, 'console-terms-error');
    expect(await seriousViolations(s.c.page)).toEqual([]);

    await form.getByLabel('Points valid for (months)').fill('3');
    await form.getByRole('button', { name: 'Schedule' }).click();
    await form.getByRole('button', { name: 'Confirm: schedule' }).click();
    await expect.poll(() => form.getByRole('status').innerText()).toMatch(/Scheduled terms-\d+/);
    const id = /terms-\d+/.exec(await form.getByRole('status').innerText())![0];
    const row = s.c.page.locator(`tr[data-terms="${id}"]`);
    await expect.poll(() => row.innerText()).toContain('scheduled');
    await row.getByRole('button', { name: `Withdraw ${id}` }).click();
    await row.getByRole('button', { name: `Confirm: Withdraw ${id}` }).click();
    await expect.poll(() => row.innerText()).toContain('withdrawn');
    if (shots) await screenshotBoth(s.c.page, 'console-terms');
  });

  it('erases a customer: the page shows no name, e-mail or phone, and activation is refused', async () => {
    const { meera } = s.seeded;
    await findAndOpen(s.c.page, meera.email.toUpperCase(), meera.id);
    const form = s.c.page.getByRole('form', { name: 'Erase personal data' });
    await form.getByLabel('Reason (kept in the audit trail)').fill('Customer asked for erasure (DPDP)');
    await form.getByRole('button', { name: 'Erase personal data' }).click();
    await form.getByLabel(`Type ${meera.id} to confirm`).fill(meera.id);
    await form.getByRole('button', { name: 'Confirm: Erase personal data' }).click();
    await s.c.page.getByRole('heading', { level: 1, name: /erased/ }).waitFor();
    const text = await mainText(s.c.page);
    for (const gone of [meera.name, meera.email, meera.phone, meera.code.slice(0, 3)]) expect(text).not.toContain(gone);
    const activate = await s.t.api.call('POST', `/v1/admin/customers/${meera.id}/referral-code/activate`, { token: s.seeded.admin });
    expect(activate.status).toBe(409);
    expect(activate.body.error.code).toBe('CUSTOMER_ERASED');
    if (shots) await screenshotBoth(s.c.page, 'console-customer-erased');
  });

  it('shows the liability now, and every view passes axe', async () => {
    await goTo(s.c.page, '#/liability', 'Liability now');
    await s.c.page.locator('[data-figure="outstanding-points"]').waitFor();
    const report = await s.t.api.expect(200, 'GET', '/v1/admin/reports/points-liability', { token: s.seeded.admin });
    expect(await s.c.page.locator('[data-figure="outstanding-points"]').innerText()).toContain(
      report.outstanding_points.toLocaleString('en-IN'),
    );
    expect(await seriousViolations(s.c.page)).toEqual([]);
    if (shots) await screenshotBoth(s.c.page, 'console-liability');
    await goTo(s.c.page, '#/', 'Find a customer');
    if (shots) await screenshotBoth(s.c.page, 'console-search');
  });

  it('the sign-in view passes axe', async () => {
    const page = await s.browser.newPage();
    await page.goto(`${s.t.host.url}/console/`);
    await page.getByRole('button', { name: 'Sign in as local admin' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    if (shots) await screenshotBoth(page, 'console-sign-in');
    await page.close();
  });
});
