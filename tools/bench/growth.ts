import type { AddressInfo } from 'node:net';
import { BigQuery } from '@google-cloud/bigquery';
import { http } from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { loadConfig } from '#shared/app/config.js';
import { getRuntime } from '#shared/app/runtime.js';
import { BigQueryEventWarehouse } from '#shared/adapters/bigquery/event-warehouse.js';
import { memoryLogger } from '#shared/core/logger.js';
import { landingUrl } from '#shared/growth/landing-url.js';
import { normalizeReferralCode } from '#shared/referral-codes/code-format.js';
import { startBigQueryEmulator } from '../bigquery-emulator/server.js';
import { HostClient } from '../demo-client.js';
import { startLocalHost } from '../local-host/host.js';
import { eventRowsFor } from './growth-events.js';

const browser = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';

/** Time between two requests: a click is a visitor's single request, so work left after an answer finishes before the next. */
const gapMs = 25;

/** Median ms of `n` GETs of `url(i)`, one at a time with {@link gapMs} between them, after 50 warm-up requests. */
async function medianMs(n: number, url: (i: number) => string, first = 0): Promise<number> {
  const get = async (i: number) => {
    const started = performance.now();
    const res = await fetch(url(i), {
      redirect: 'manual',
      headers: { 'user-agent': browser, 'x-forwarded-for': `10.${i >>> 16}.${(i >>> 8) & 255}.${i & 255}` },
    });
    await res.arrayBuffer();
    if (res.status !== 302) throw new Error(`share link answered ${res.status}`);
    return performance.now() - started;
  };
  for (let i = 0; i < 50; i += 1) await get(1_000_000 + i);
  const times: number[] = [];
  for (let i = 0; i < n; i += 1) {
    times.push(await get(first + i));
    await new Promise((r) => setTimeout(r, gapMs));
  }
  return times.sort((x, y) => x - y)[Math.floor(n / 2)]!;
}

/** The redirect alone: the code lookup and the Location, through functions-framework, no click recorded. */
let baseline: string | undefined;
async function baselineUrl(): Promise<string> {
  if (baseline) return baseline;
  http('benchRedirect', async (req, res) => {
    const { ctx } = await getRuntime();
    const typed = req.path.split('/').pop() ?? '';
    const owner = await ctx.stores.customers.findCustomerByCode(normalizeReferralCode(typed) ?? typed);
    res.setHeader('Location', landingUrl(ctx.rules.share.landingUrl, owner?.referral_code?.referral_code ?? null));
    res.status(302).end();
  });
  const server = getTestServer('benchRedirect');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseline = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return baseline;
}

/** One row of the redirect's cost: without recording, with it, and the ratio. */
export interface RedirectCost {
  mode: string;
  without_ms: number;
  with_ms: number;
}

/**
 * `GET /r/{code}` through the shareLink function's own server, every request a new visitor (a
 * first click: the attempt window, one insert, one message), against the same redirect without
 * recording, on the given stores; once with the default (no wait) and once waiting for the click.
 */
export async function redirectCosts(mongoUri: string | null, n = 200): Promise<RedirectCost[]> {
  const costs: RedirectCost[] = [];
  for (const [mode, timeout] of [
    ['recorded after the answer (SHARE_CLICK_RECORD_TIMEOUT_MS=0, the default)', '0'],
    ['answer waits for the click (SHARE_CLICK_RECORD_TIMEOUT_MS=1000)', '1000'],
  ] as const) {
    const env = { NODE_ENV: 'test', PORT: '0', SHARE_CLICK_RECORD_TIMEOUT_MS: timeout, SHARE_CLICK_LIMIT: '1000000' };
    const host = await startLocalHost(
      loadConfig(mongoUri ? { ...env, MONGODB_URI: mongoUri, MONGODB_DB: `bench_share_${timeout}` } : env),
      {
        logger: memoryLogger(),
      },
    );
    try {
      const api = new HostClient(host.url);
      const referrer = `bench-share-${timeout}-${Math.random().toString(36).slice(2, 8)}`;
      await api.expect(200, 'PUT', `/_dev/customers/${referrer}`, { body: { name: 'Bench Sharer' } });
      await api.paymentCompleted(`${referrer}-first`, referrer, 100);
      const code = (await api.expect(200, 'GET', '/v1/referral-code', { token: await api.token(referrer) })).referral_code as string;
      const shareLink = host.servers.get('shareLink')!.url;
      // Each visitor differs by address (x-forwarded-for), so each request is a first click.
      const plain = await baselineUrl();
      // Interleaved halves, so that a drift of the machine falls on both alike; every request a new visitor.
      let without = 0;
      let withRecording = 0;
      for (let round = 0; round < 2; round += 1) {
        without += await medianMs(n / 2, () => `${plain}/r/${code}`);
        withRecording += await medianMs(n / 2, () => `${shareLink}/r/${code}`, round * n);
      }
      costs.push({ mode, without_ms: without / 2, with_ms: withRecording / 2 });
    } finally {
      await host.close();
    }
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
