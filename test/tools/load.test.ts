import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '#shared/app/config.js';
import { memoryLogger } from '#shared/core/logger.js';
import { startLocalHost, type LocalHost } from '../../tools/local-host/host.js';
import { formatLoadResult, runLoadTest } from '../../tools/load/load-test.js';

let host: LocalHost | undefined;

beforeAll(async () => {
  // Every referee converts at once: the velocity signal would hold credits the load counts as credited.
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    MONGODB_URI: inject('mongodbUri'),
    MONGODB_DB: `load_${Date.now()}`,
    REVIEW_VELOCITY_PER_DAY: '1000000000',
  });
  host = await startLocalHost(config, { logger: memoryLogger() });
});
afterAll(() => host?.close());

// Its time depends on what else the two cores run (the other suites run beside it): it gets room,
// and asserts outcomes, never speed.
describe('load on the MongoDB-wire server (reduced size; npm run load for full size)', () => {
  it.each([
    ['4 referrers × 20 referees', 4, 80],
    // The shape that once left committed credits invisible until a repair: many referrers, a few referees each.
    ['40 referrers × 10 referees', 40, 400],
  ])(
    '%s at 16 connections: no error, every balance exact before any repair, reconcile finds nothing',
    async (_name, referrers, referees) => {
      const result = await runLoadTest({ url: host!.url, referrers, referees, connections: 16 });
      process.stdout.write(`${formatLoadResult(result)}\n`);
      expect(result.phases.map((p) => p.errors)).toEqual([0, 0]);
      expect(result.referrers).toEqual({ exact: referrers, total: referrers });
      expect(result.observed).toEqual(result.expected);
      expect(result.violations).toBe(0);
    },
    600_000,
  );
});
