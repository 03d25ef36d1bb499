import type { Browser, Page } from 'playwright-core';

/** A signed-in console page, with every request it made and every console error it logged. */
export interface ConsolePage {
  page: Page;
  requests: Array<{ method: string; path: string }>;
  errors: string[];
}

/** Opens the console at `baseUrl` in a fresh context, signs in as the local admin and waits for the search view. */
export async function openConsole(browser: Browser, baseUrl: string, viewport = { width: 1280, height: 800 }): Promise<ConsolePage> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  // Fail a step in seconds, not at the test's time-out, so the failing step is the one reported.
  page.setDefaultTimeout(5_000);
  const requests: ConsolePage['requests'] = [];
  const errors: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.origin === new URL(baseUrl).origin) requests.push({ method: r.method(), path: url.pathname });
  });
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${baseUrl}/console/`);
  await page.getByRole('button', { name: 'Sign in as local admin' }).click();
  await page.locator('#search-query').waitFor();
  return { page, requests, errors };
}

/** Goes to a place of the console by its hash and waits for its heading. */
export async function goTo(page: Page, hash: string, heading: RegExp | string): Promise<void> {
  await page.evaluate((h) => {
    location.hash = h;
  }, hash);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

/** Searches for `query` from the search view and opens the one customer it finds. */
export async function findAndOpen(page: Page, query: string, customerId: string): Promise<void> {
  await goTo(page, '#/', 'Find a customer');
  await page.getByLabel('Customer id, referral code, e-mail or phone').fill(query);
  await page.getByRole('button', { name: 'Search' }).click();
  const link = page.getByRole('link', { name: customerId, exact: true });
  await link.waitFor();
  await link.click();
  await page.locator(`article[data-customer="${customerId}"]`).waitFor();
}

/** The text of the main region, to check what a page shows. */
export function mainText(page: Page): Promise<string> {
  return page.locator('main').innerText();
}
