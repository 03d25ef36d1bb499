import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { applyPhase, checkLoad, convertPhase, seedLoad } from '../../tools/load/load-test.js';
import { freePort } from '../../tools/loopback.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface HostProcess {
  child: ChildProcessByStdio<null, Readable, Readable>;
  output: () => string;
}

/** The local host as its own process (`npm start`'s entry point), on `port`, on the suites' DocumentDB. */
async function startHostProcess(port: number, db: string): Promise<HostProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'tools', 'local-host', 'main.ts')], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(port),
      MONGODB_URI: inject('mongodbUri'),
      MONGODB_DB: db,
      REVIEW_VELOCITY_PER_DAY: '1000000000',
    },
  });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-4_000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const deadline = Date.now() + 60_000;
  while (!output.includes('Referral system local host on')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the local host did not start (exit ${child.exitCode}); its last lines:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, output: () => output };
}

async function kill9(host: HostProcess): Promise<void> {
  if (host.child.exitCode !== null || host.child.signalCode !== null) return;
  const gone = new Promise<void>((r) => host.child.once('exit', () => r()));
  host.child.kill('SIGKILL');
  await gone;
}

// The crash suites end the process between two steps by throwing; here the host process itself
// dies by `kill -9` while requests are in flight, on the suites' DocumentDB.
describe('the local host killed with -9 mid-load, then started again (DocumentDB)', () => {
  const hosts: HostProcess[] = [];
  afterAll(async () => {
    for (const h of hosts) await kill9(h);
  });

  it('credits every conversion exactly once after Pub/Sub redelivers, and reconcile finds nothing', async () => {
    const port = await freePort();
    const db = `host_kill_${Date.now()}`;
    hosts.push(await startHostProcess(port, db));
    const seed = await seedLoad(`http://127.0.0.1:${port}`, 4, 80);
    expect((await applyPhase(seed, 16)).errors).toBe(0);
    let finished = false;
    const during = convertPhase(seed, 16, 0.3, 'convert, host killed').finally(() => (finished = true));
    await new Promise((r) => setTimeout(r, 1_000));
    // Mid-load: the phase is still sending when the host dies.
    expect(finished).toBe(false);
    await kill9(hosts[0]!);
    // Started again on the same port; the deals it lost with its memory are not read by conversions.
    hosts.push(await startHostProcess(port, db));
    const hit = await during;
    // Pub/Sub delivers again what was not acknowledged; here every message again.
    const again = await convertPhase(seed, 16, 0, 'redelivery of every conversion');
    expect(again.errors).toBe(0);
    const after = await checkLoad(seed);
    process.stdout.write(
      `host killed: ${hit.requests} deliveries answered, ${hit.errors} failed with it; after redelivery ${JSON.stringify(after)}\n`,
    );
    // The kill landed on requests in flight (else this proves nothing).
    expect(hit.errors).toBeGreaterThan(0);
    expect(after.referrers).toEqual({ exact: 4, total: 4 });
    expect(after.observed).toEqual(after.expected);
    expect(after.violations).toBe(0);
  }, 240_000);
});
