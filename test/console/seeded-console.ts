import { afterAll, beforeAll, inject } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { useTestHost, type TestHost } from '../support/test-host.js';
import { seedConsole } from './seed.js';
import { openConsole, type ConsolePage } from './console-page.js';

/** The stores the console suites run on: embedded, and FerretDB (a fresh database per host). */
export const consoleStores = [
  ['embedded stores', () => ({})],
  ['FerretDB', () => ({ MONGODB_URI: inject('ferretdbUri'), MONGODB_DB: `console_${process.pid}_${Date.now()}` })],
] as const;

/** A host on the given stores, seeded for the console, and a browser signed in to its console. */
export interface SeededConsole {
  t: TestHost;
  browser: Browser;
  seeded: Awaited<ReturnType<typeof seedConsole>>;
  c: ConsolePage;
}

/** Starts the host, seeds it and signs a page in before the file's tests; closes the browser after. */
export function useSeededConsole(env: Record<string, string>): SeededConsole {
  const s = { t: useTestHost(env) } as SeededConsole;
  beforeAll(async () => {
    s.browser = await launchBrowser();
    s.seeded = await seedConsole(s.t.api);
    s.c = await openConsole(s.browser, s.t.host.url);
  }, 90_000);
  afterAll(async () => {
    await s.browser.close();
  });
  return s;
}
