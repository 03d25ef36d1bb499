import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { BigQuery } from '@google-cloud/bigquery';
import { http } from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { loadConfig } from '#shared/app/config.js';
import { BigQueryEventWarehouse } from '#shared/adapters/bigquery/event-warehouse.js';
import { memoryLogger } from '#shared/core/logger.js';
import { landingUrl } from '#shared/growth/landing-url.js';
import { forAnyone, httpFunction } from '#shared/http/http-function.js';
import { normalizeReferralCode } from '#shared/referral-codes/code-format.js';
import { startBigQueryEmulator } from '../bigquery-emulator/server.js';
import { HostClient } from '../demo-client.js';
import { startLocalHost } from '../local-host/host.js';
import { eventRowsFor } from './growth-events.js';

const browser = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';

/** Time between two requests: a click is a visitor's single request, so work left after an answer finishes before the next. */
const gapMs = 25;

/**
 * The client, in a worker thread of its own: the servers run in this thread, so work a server does
 * after its answer (the click's recording) must not be counted as the client's wait, as it is not
 * for a visitor on another machine. It alternates the two sides request by request (each pair in
 * turn order), so that whatever else the machine does falls on both alike.
 */
const clientSource = `
const { parentPort, workerData } = require('node:worker_threads');
const { pairs, browser, gapMs } = workerData;
const get = async (url, i) => {
  const started = performance.now();
  const res = await fetch(url, {
    redirect: 'manual',
    headers: { 'user-agent': browser, 'x-forwarded-for': '10.' + (i >>> 16) + '.' + ((i >>> 8) & 255) + '.' + (i & 255) },
  });
  await res.arrayBuffer();
  if (res.status !== 302) throw new Error('share link answered ' + res.status);
  return performance.now() - started;
};
const pause = () => new Promise((r) => setTimeout(r, gapMs));
(async () => {
  const times = [[], []];
  for (let i = 0; i < pairs.length; i += 1) {
    const order = i % 2 === 0 ? [0, 1] : [1, 0];
    for (const side of order) {
      times[side].push(await get(pairs[i][side].url, pairs[i][side].visitor));
      await pause();
    }
  }
  parentPort.postMessage(times);
})().catch((e) => parentPort.postMessage({ error: String(e) }));
`;

/** Rounds of each side per row: the medians of each round are averaged. */
const rounds = 4;

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;

/**
 * Notes, for each request `server` serves, the ms from the request's arrival (its headers parsed)
 * to the return of `res.end()`, which hands the whole answer to the socket: what the function adds
 * to a visitor's wait, whoever else uses the machine's cores after that.
 */
function timeAnswers(server: Server): { take(): number[]; stop(): void } {
  let times: number[] = [];
  const onRequest = (_req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.end = ((...args: unknown[]) => {
      const ended = end(...args);
      times.push(performance.now() - started);
      return ended;
    }) as ServerResponse['end'];
  };
  server.prependListener('request', onRequest);
  return {
    take: () => {
      const taken = times;
      times = [];
      return taken;
    },
    stop: () => void server.off('request', onRequest),
  };
}

/** One side of the comparison: the server, and the URL of its `i`-th request. */
interface Side {
  server: Server;
  url: (i: number) => string;
  /** The visitor number of the first request (each request is a new visitor, x-forwarded-for). */
  firstVisitor: number;
}

/** The medians of one side, as the client saw them and as the server answered. */
interface Medians {
  client: number;
  server: number;
}

/** `n` GETs of each side, alternating request by request with {@link gapMs} after each. */
async function pairedMedians(n: number, sides: readonly [Side, Side]): Promise<[Medians, Medians]> {
  const pairs = Array.from({ length: n }, (_, i) => sides.map((s) => ({ url: s.url(i), visitor: s.firstVisitor + i })));
  const answers = sides.map((s) => timeAnswers(s.server));
  const worker = new Worker(clientSource, { eval: true, workerData: { pairs, browser, gapMs } });
  try {
    const answer = await new Promise<unknown>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    if (!Array.isArray(answer)) throw new Error(`share link client: ${JSON.stringify(answer)}`);
    const client = answer as [number[], number[]];
    const served = answers.map((a) => a.take());
    if (served.some((times) => times.length !== n))
      throw new Error(`share link servers answered ${served.map((t) => t.length).join(' and ')} of ${n}`);
    return [0, 1].map((side) => ({ client: median(client[side]!), server: median(served[side]!) })) as [Medians, Medians];
  } finally {
    for (const a of answers) a.stop();
    await worker.terminate();
  }
}

/**
 * The redirect alone: the same function stack as shareLink (functions-framework, `httpFunction`,
 * the route table, the runtime) doing only the code lookup and the Location, no click recorded.
 * So the ratio is what recording adds, not what the shared request handling costs.
 */
let registered = false;
async function startBaseline(): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  if (!registered) {
    const lookupOnly = forAnyone(async (ctx, _req, params) => {
      const typed = params.code ?? '';
      const owner = await ctx.stores.customers.findCustomerByCode(normalizeReferralCode(typed) ?? typed.toUpperCase());
      const location = landingUrl(ctx.rules.share.landingUrl, owner?.referral_code?.referral_code ?? null);
      return { status: 302, headers: { Location: location, 'Cache-Control': 'private, no-store' } };
    });
    http('benchRedirect', httpFunction('benchRedirect', { 'GET /r/{code}': lookupOnly }));
    registered = true;
  }
  const server = getTestServer('benchRedirect');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * One row of the redirect's cost, without recording and with it: the medians as the client saw
 * them (`*_ms`), and from the request's arrival to the answer handed to the socket (`server_*_ms`).
 */
export interface RedirectCost {
  mode: string;
  without_ms: number;
  with_ms: number;
  server_without_ms: number;
  server_with_ms: number;
}

/**
 * `GET /r/{code}` through the shareLink function's own server, every request a new visitor (a
 * first click: the attempt window, one insert, one message), against the same redirect without
 * recording, on the given stores; once with the default (no wait) and once waiting for the click.
 *
 * The client runs in a worker thread, but on this one machine the database (DocumentDB's gateway
 * and PostgreSQL) shares the cores with it: a recording that starts right after the answer makes
 * the client wait for a core while the answer is already in its socket, which a visitor on another
 * machine would not. So the server's own time to answer is measured beside the client's.
 */
export async function redirectCosts(mongoUri: string | null, n = 400): Promise<RedirectCost[]> {
  const costs: RedirectCost[] = [];
  const baseline = await startBaseline();
  try {
    for (const [mode, timeout] of [
      ['recorded after the answer (SHARE_CLICK_RECORD_TIMEOUT_MS=0, the default)', '0'],
      ['answer waits for the click (SHARE_CLICK_RECORD_TIMEOUT_MS=1000)', '1000'],
    ] as const) {
      const env = { NODE_ENV: 'test', PORT: '0', SHARE_CLICK_RECORD_TIMEOUT_MS: timeout, SHARE_CLICK_LIMIT: '1000000' };
      const db = `bench_share_${timeout}_${Date.now()}`;
      const host = await startLocalHost(loadConfig(mongoUri ? { ...env, MONGODB_URI: mongoUri, MONGODB_DB: db } : env), {
        logger: memoryLogger(),
      });
      try {
        const api = new HostClient(host.url);
        const referrer = `bench-share-${timeout}-${Math.random().toString(36).slice(2, 8)}`;
        await api.expect(200, 'PUT', `/_dev/customers/${referrer}`, { body: { name: 'Bench Sharer' } });
        await api.paymentCompleted(`${referrer}-first`, referrer, 100);
        const code = (await api.expect(200, 'GET', '/v1/referral-code', { token: await api.token(referrer) })).referral_code as string;
        const shareLink = host.servers.get('shareLink')!;
        const plain = (visitor: number): Side => ({
          server: baseline.server,
          url: () => `${baseline.url}/r/${code}`,
          firstVisitor: visitor,
        });
        const recorded = (visitor: number): Side => ({
          server: shareLink.server,
          url: () => `${shareLink.url}/r/${code}`,
          firstVisitor: visitor,
        });
        // Both warmed alike first (50 requests each), then rounds of pairs. Each visitor differs by
        // address (x-forwarded-for), so every measured request of the recorded side is a first click.
        await pairedMedians(50, [plain(5_000_000), recorded(6_000_000)]);
        const without: Medians[] = [];
        const withRecording: Medians[] = [];
        for (let round = 0; round < rounds; round += 1) {
          const [p, r] = await pairedMedians(n / rounds, [plain(0), recorded(round * n)]);
          without.push(p);
          withRecording.push(r);
        }
        const mean = (ms: Medians[], side: keyof Medians) => ms.reduce((sum, m) => sum + m[side], 0) / ms.length;
        costs.push({
          mode,
          without_ms: mean(without, 'client'),
          with_ms: mean(withRecording, 'client'),
          server_without_ms: mean(without, 'server'),
          server_with_ms: mean(withRecording, 'server'),
        });
      } finally {
        await host.close();
      }
    }
  } finally {
    await baseline.close();
  }
  return costs;
}

/** Bytes a funnel query scans over a span, as the emulator's dry run reports them and as the partitions read bound them. */
export interface FunnelScan {
  days: number;
  rows_in_span: number;
  dry_run_bytes: number;
  /** Σ over the span's partitions of their rows × the bytes of the columns the query reads. */
  partition_bytes: number;
}

/**
 * Seeds 365 days of referral events (`perDay` a day) into the emulator's `referral_events` and
 * dry-runs the funnel query over the last 30 and the whole 365 days.
 */
export async function funnelScans(perDay = 40): Promise<{ total_rows: number; scans: FunnelScan[] }> {
  const emulator = await startBigQueryEmulator();
  try {
    const { projectId, apiEndpoint } = emulator;
    const client = new BigQuery({ projectId, apiEndpoint, authClient: { getRequestHeaders: async () => new Headers() } as never });
    const warehouse = new BigQueryEventWarehouse({ projectId, dataset: 'bench_analytics', apiEndpoint, client });
    await warehouse.ensureTable();
    const last = new Date('2026-12-31T00:00:00Z');
    const rows = eventRowsFor(365, perDay, last);
    for (let i = 0; i < rows.length; i += 2_000) await warehouse.record(rows.slice(i, i + 2_000));
    const read = ['event_id', 'type', 'occurred_at', 'referrer_id', 'referral_code', 'click_id', 'points'];
    const bytesOf = (r: Record<string, string | number | null>) =>
      read.reduce((sum, c) => {
        const v = r[c];
        if (v === null || v === undefined) return sum;
        return sum + (typeof v === 'number' || c === 'occurred_at' ? 8 : String(v).length + 2);
      }, 0);
    const scans: FunnelScan[] = [];
    for (const days of [30, 365]) {
      const from = new Date(last.getTime() - (days - 1) * 86_400_000).toISOString().slice(0, 10);
      const to = last.toISOString().slice(0, 10);
      const [job] = await client.createQueryJob({ ...warehouse.funnelRequest({ from, to, bucket: 'day' }), dryRun: true });
      const inSpan = rows.filter((r) => String(r.occurred_at).slice(0, 10) >= from);
      scans.push({
        days,
        rows_in_span: inSpan.length,
        dry_run_bytes: Number((job.metadata as { statistics?: { totalBytesProcessed?: string } }).statistics?.totalBytesProcessed ?? 0),
        partition_bytes: inSpan.reduce((s, r) => s + bytesOf(r), 0),
      });
    }
    return { total_rows: rows.length, scans };
  } finally {
    await emulator.stop();
  }
}
