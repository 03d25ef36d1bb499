import { afterAll, beforeAll, expect } from 'vitest';
import { loadConfig } from '#shared/app/config.js';
import { memoryLogger } from '#shared/core/logger.js';
import { checkInvariants } from '#shared/reconcile/check-invariants.js';
import { startLocalHost, type LocalHost } from '../../tools/local-host/host.js';
import { HostClient } from '../../tools/demo-client.js';
import { CrashSeam } from './crash-seam.js';

/** A local host on embedded stores for one test file, plus a client for it. */
export interface TestHost {
  host: LocalHost;
  api: HostClient;
  logs: ReturnType<typeof memoryLogger>['lines'];
  /** The host's step seam: arm it to make a flow fail between two writes. */
  seam: CrashSeam;
  /** Asserts every invariant of docs/rules.md §3 over the host's stores. */
  expectInvariants(): Promise<void>;
}

/** Starts a fresh host before the file's tests and stops it after; `env` overrides configuration. */
export function useTestHost(env: Record<string, string> = {}): TestHost {
  const logger = memoryLogger();
  const seam = new CrashSeam();
  const t = { logs: logger.lines, seam } as TestHost;
  beforeAll(async () => {
    t.host = await startLocalHost(loadConfig({ NODE_ENV: 'test', PORT: '0', ...env }), { logger, steps: seam });
    t.api = new HostClient(t.host.url);
    t.expectInvariants = async () => {
      expect(await checkInvariants(t.host.runtime.ctx)).toEqual([]);
    };
  });
  afterAll(async () => {
    await t.host.close();
  });
  return t;
}

let counter = 0;
/** A fresh id for a test's customers and deals, so tests in a file do not meet. */
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}-${Math.random().toString(36).slice(2, 7)}`;
}

/** A referrer with a code, a referee with an open deal, and their tokens. */
export async function referralSetup(api: HostClient, options: { refereeProfile?: Record<string, unknown> } = {}) {
  const referrer = uid('referrer');
  const referee = uid('referee');
  const dealId = uid('deal');
  await api.expect(200, 'PUT', `/_dev/customers/${referrer}`, {
    body: {
      name: 'Riya Kapoor',
      email: `${referrer}@example.com`,
      phone_number: `+91 98${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
    },
  });
  await api.expect(200, 'PUT', `/_dev/customers/${referee}`, {
    body: { name: 'Sam Noor', email: `${referee}@example.com`, ...options.refereeProfile },
  });
  await api.paymentCompleted(uid('first'), referrer, 1_000_000);
  const referrerToken = await api.token(referrer);
  const refereeToken = await api.token(referee);
  const code: string = (await api.expect(200, 'GET', '/v1/referral-code', { token: referrerToken })).referral_code;
  await api.expect(200, 'PUT', `/_dev/deals/${dealId}`, { body: { customer_id: referee, amount: 2_000_000 } });
  return { referrer, referee, dealId, code, referrerToken, refereeToken };
}
