import { createServer, type Server } from 'node:net';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '#shared/app/config.js';
import { memoryLogger } from '#shared/core/logger.js';
import { postgresSql, startDocumentDb, type DocumentDbServer } from '../../tools/documentdb/server.js';
import { startLocalHost, type LocalHost } from '../../tools/local-host/host.js';
import { applyPhase, checkLoad, convertPhase, seedLoad } from '../../tools/load/load-test.js';
import { freePort } from '../../tools/loopback.js';

// Part of npm test: every wait below has a bound, and a server that misbehaves fails the test with
// its own last lines instead of hanging the run.
const STEP_MS = 120_000;

/** `work`, or a failure naming `what` with DocumentDB's last lines once `ms` have passed. */
async function within<T>(server: DocumentDbServer, what: string, work: Promise<T>, ms = STEP_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what}: not done within ${ms / 1000} s; DocumentDB's last lines:\n${server.lastLines()}`)),
      ms,
    );
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Pages of the cluster's RUM indexes (DocumentDB's secondary indexes), and how many of them are all zeros. */
function rumPages(server: DocumentDbServer): { pages: number; allZero: number } {
  const row = postgresSql(
    server.postgres,
    `CREATE EXTENSION IF NOT EXISTS pageinspect;
     SELECT count(*) || ' ' || count(*) FILTER (WHERE (page_header(get_raw_page(c.oid::regclass::text, b::int))).upper = 0)
     FROM pg_class c JOIN pg_am a ON a.oid = c.relam,
          generate_series(0, pg_relation_size(c.oid) / 8192 - 1) AS b
     WHERE a.amname LIKE '%rum%'`,
  ).trim();
  const [pages, allZero] = row.split(' ').map(Number);
  return { pages: pages!, allZero: allZero! };
}

// Its own DocumentDB, apart from the one every suite shares: this one is killed.
describe('DocumentDB killed with -9 mid-load (gateway and PostgreSQL), then restarted', () => {
  let server: DocumentDbServer | undefined;
  let host: LocalHost | undefined;
  beforeAll(async () => {
    server = await startDocumentDb();
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      MONGODB_URI: server.uri,
      MONGODB_DB: `chaos_${Date.now()}`,
      REVIEW_VELOCITY_PER_DAY: '1000000000',
    });
    host = await startLocalHost(config, { logger: memoryLogger() });
  }, 120_000);
  afterAll(async () => {
    // A host whose requests wait on a stuck server is not waited for: the server is killed next.
    await Promise.race([host?.close(), new Promise((r) => setTimeout(r, 15_000))]);
    await server?.stop();
  }, 60_000);

  // The cause of the loops this test once met: RUM logs a page that a split adds as a change
  // against an empty page, and with full_page_writes off replay after a kill -9 left such pages
  // all zeros, which RUM's descent then loops on for ever.
  it('keeps every index page that splits added since the last checkpoint', async () => {
    const client = new MongoClient(server!.uri);
    const items = client.db(`pages_${Date.now()}`).collection('items');
    let before: ReturnType<typeof rumPages>;
    try {
      await items.createIndex({ key: 1 });
      postgresSql(server!.postgres, 'CHECKPOINT');
      before = rumPages(server!);
      for (let batch = 0; batch < 10; batch++) {
        const docs = Array.from({ length: 150 }, (_, i) => ({ key: `key-${String(batch * 150 + i).padStart(6, '0')}-${'x'.repeat(20)}` }));
        await within(server!, 'inserting 1,500 index keys', items.insertMany(docs));
      }
    } finally {
      await client.close();
    }
    const beforeCrash = rumPages(server!);
    // Splits added pages since the checkpoint (else this proves nothing).
    expect(beforeCrash.pages - before.pages).toBeGreaterThan(10);
    await server!.crash();
    await within(server!, 'restart after kill -9', server!.restart());
    // Every one came back whole.
    expect(rumPages(server!)).toEqual({ pages: beforeCrash.pages, allZero: 0 });
  }, 300_000);

  it('credits every conversion exactly once after Pub/Sub redelivers, and reconcile finds nothing', async () => {
    const s = server!;
    const seed = await within(s, 'seeding', seedLoad(host!.url, 4, 80));
    expect((await within(s, 'applies', applyPhase(seed, 16))).errors).toBe(0);
    // Conversions in flight, 30 % delivered twice; both processes killed after a moment, started again a moment later.
    let finished = false;
    const during = convertPhase(seed, 16, 0.3, 'convert, server killed').finally(() => (finished = true));
    await new Promise((r) => setTimeout(r, 1_000));
    // Mid-load: the phase is still sending when both die.
    expect(finished).toBe(false);
    await s.crash();
    await new Promise((r) => setTimeout(r, 1_000));
    await within(s, 'restart after kill -9', s.restart());
    const hit = await within(s, 'conversions across the crash', during);
    // Pub/Sub delivers again what was not acknowledged; here every message again, which must change nothing already done.
    const again = await within(s, 'redelivery of every conversion', convertPhase(seed, 16, 0, 'redelivery of every conversion'));
    expect(again.errors).toBe(0);
    const after = await within(s, 'reconcile', checkLoad(seed));
    process.stdout.write(
      `chaos: ${hit.errors} of ${hit.requests} deliveries failed while the server was down; after redelivery ${JSON.stringify(after)}\n`,
    );
    expect(after.referrers).toEqual({ exact: 4, total: 4 });
    expect(after.observed).toEqual(after.expected);
    expect(after.violations).toBe(0);
    // No statement ran long enough for the watchdog to kill it (a RUM loop would).
    expect(s.lastLines()).not.toContain('killed backend');
  }, 600_000);
});

describe('a DocumentDB that cannot start', () => {
  let taken: Server | undefined;
  afterAll(() => new Promise<void>((r) => (taken ? taken.close(() => r()) : r())));

  /** The error a start ends with, and how long it took. */
  async function failedStart(options: Parameters<typeof startDocumentDb>[0]): Promise<{ error: Error; ms: number }> {
    const started = Date.now();
    const error = await startDocumentDb(options).then(
      async (server) => {
        await server.stop();
        return new Error('started');
      },
      (e: unknown) => e as Error,
    );
    return { error, ms: Date.now() - started };
  }

  /** The lines the server printed before it gave up, as the error quotes them. */
  function quoted(error: Error): string {
    return error.message.split('its last lines:')[1]?.trim() ?? '';
  }

  it('fails the start with its own last log lines when the gateway port is taken, not a hang', async () => {
    const port = await freePort();
    // Whoever connects (the start's readiness ping) is hung up on, so closing it never waits.
    taken = createServer((socket) => socket.destroy());
    await new Promise<void>((r) => taken!.listen(port, '127.0.0.1', r));
    const { error, ms } = await failedStart({ gatewayPort: port });
    expect(error.message).toMatch(/the gateway (exited at start|not ready)/);
    // Its own words, quoted: the lines it printed before it gave up.
    expect(quoted(error).length).toBeGreaterThan(0);
    expect(error.message).not.toContain('<no output>');
    expect(ms).toBeLessThan(45_000);
  }, 60_000);

  it('fails the start with its own last log lines when a library it must load is missing, at once', async () => {
    const { error, ms } = await failedStart({ extraPreloadLibraries: ['no_such_extension_library'] });
    expect(error.message).toMatch(/PostgreSQL exited at start/);
    // PostgreSQL's own FATAL line, naming the library.
    expect(quoted(error)).toMatch(/FATAL: .*could not access file "no_such_extension_library"/);
    // initdb and a refused start, not a readiness timeout.
    expect(ms).toBeLessThan(25_000);
  }, 60_000);
});
