import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../shared/app/config.js';
import { memoryLogger } from '../../shared/core/logger.js';
import { startLocalHost, type LocalHost } from '../../tools/local-host/host.js';
import { formatLoadResult, runLoadTest } from '../../tools/load/load-test.js';

let host: LocalHost | undefined;

beforeAll(async () => {
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', MONGODB_URI: inject('mongodbUri'), MONGODB_DB: `load_${Date.now()}` });
  host = await startLocalHost(config, { logger: memoryLogger() });
});
afterAll(() => host?.close());

// Its time depends on what else the two cores run (the other suites run beside it): it gets room,
// and asserts outcomes, never speed.
describe('load on the MongoDB-wire server (reduced size; npm run load for full size)', () => {
  it('applies and converts for many referees at once with no error and a clean reconcile', async () => {
    const result = await runLoadTest({ url: host!.url, referrers: 4, referees: 80, connections: 16 });
    process.stdout.write(`${formatLoadResult(result)}\n`);
    expect(result.phases.map((p) => p.errors)).toEqual([0, 0]);
    expect(result.violations).toBe(0);
    expect(result.observed).toEqual(result.expected);
  }, 180_000);
});
