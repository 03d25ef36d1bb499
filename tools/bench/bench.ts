import { loadConfig } from '#shared/app/config.js';
import { memoryLogger } from '#shared/core/logger.js';
import { analyze, DOCUMENTDB_VERSION, startDocumentDb } from '../documentdb/server.js';
import { FERRETDB_VERSION, startFerretDb } from '../ferretdb/server.js';
import { startLocalHost } from '../local-host/host.js';
import { runLoadTest, type LoadOptions, type LoadResult } from '../load/load-test.js';
import { coldStarts } from './cold-start.js';
import { flowOverheads } from './overhead.js';
import { roundTripsPerFlow } from './round-trips.js';
import { historyScaling } from './history-scaling.js';
import { reconcileScaling } from './reconcile-scaling.js';
import { sweepScaling } from './sweep-scaling.js';
import { funnelScans, redirectCosts } from './growth.js';

/**
 * `npm run bench [-- --full]`: one table, every ratio measured in this run. Cold starts need
 * `npm run build` (the npm script runs it first). MongoDB figures come from DocumentDB 0.108
 * (FerretDB v1.24.2 beside it in the round trips and the load, which compare) unless MONGODB_URI
 * names another server. `--full` adds a history of 10,000 movements, the 1M-lot sweep, a reconcile
 * over 100,000 customers (long to seed) and a load of 2,000 referees.
 */
const full = process.argv.includes('--full');
const sizes = full ? [10_000, 100_000, 1_000_000] : [10_000, 100_000];
const histories = full ? [10, 100, 1_000, 10_000] : [10, 100, 1_000];
const reconcileSizes = full ? [10_000, 100_000] : [10_000];
const loadReferees = full ? 2000 : 400;

/** The load test through a local host in this process, on a fresh database of `uri`. */
async function loadOn(uri: string, o: Omit<LoadOptions, 'url'>): Promise<LoadResult> {
  // Every referee converts at once: the velocity signal would hold credits the load counts as credited.
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    MONGODB_URI: uri,
    MONGODB_DB: `bench_load_${Date.now()}`,
    REVIEW_VELOCITY_PER_DAY: '1000000000',
  });
  const host = await startLocalHost(config, { logger: memoryLogger() });
  try {
    return await runLoadTest({ url: host.url, ...o });
  } finally {
    await host.close();
  }
}
const rows: string[][] = [];
/** Remarks printed below the table, so they never widen its columns. */
const notes: string[] = [];
// Each finished row also goes to stderr at once, so a long run that fails late keeps what it measured.
const section = (title: string) => rows.push([`**${title}**`, '', '', '', '']);
const push = rows.push.bind(rows);
rows.push = (...added: string[][]) => {
  for (const r of added) process.stderr.write(`${r.join(' | ')}\n`);
  return push(...added);
};
const fmt = (n: number, digits = 1) => n.toFixed(digits);

const cold = coldStarts();
const naive = cold.find((c) => c.entry.startsWith('naive'))!;
section('cold start: import of the built entry, median of 5 fresh Node 24 processes');
rows.push(['entry', 'import ms', 'modules', '% of naive time']);
for (const c of cold) rows.push([c.entry, fmt(c.ms), String(c.modules), `${fmt((c.ms / naive.ms) * 100, 0)}%`, '']);

// DocumentDB (PostgreSQL with indexes, as MongoDB would answer); FerretDB v1 only for the rows
// that compare the two. MONGODB_URI set: every row on that server, no comparison.
const external = process.env.MONGODB_URI;
const documentdb = external ? null : await startDocumentDb();
const ferret = external ? null : await startFerretDb();
const uri = external ?? documentdb!.uri;
const server = external ? 'MONGODB_URI' : `DocumentDB ${DOCUMENTDB_VERSION}`;
const ferretName = `FerretDB ${FERRETDB_VERSION} (SQLite)`;
// After a bulk load, the planner's statistics before anything is measured.
const settle = documentdb ? () => analyze(documentdb.postgres) : undefined;
try {
  section(`MongoDB round trips per flow (${server}${ferret ? `; ${ferretName} beside it` : ''})`);
  rows.push(['flow', 'commands', ferret ? 'on FerretDB v1' : '', 'target', '']);
  const ferretTrips = ferret ? await roundTripsPerFlow(ferret.uri) : [];
  for (const r of await roundTripsPerFlow(uri)) {
    const other = ferretTrips.find((f) => f.flow === r.flow);
    rows.push([
      r.flow,
      String(r.commands),
      other ? String(other.commands) : '',
      r.target === null ? '' : `≤ ${r.target}`,
      r.target === null ? '' : r.commands <= r.target ? 'met' : 'MISSED',
    ]);
  }
  notes.push('A server without isolated updates, such as FerretDB v1, adds one read after each usage or customer change.');

  section('in-process cost through functions-framework, embedded stores, 300 sequential requests');
  rows.push(['flow', 'mean ms', 'ratio to hello world', '', '']);
  for (const f of await flowOverheads(loadConfig({ NODE_ENV: 'test', PORT: '0' })))
    rows.push([f.flow, fmt(f.mean_ms, 2), `${fmt(f.ratio_to_hello, 1)}×`, '', '']);

  section(
    'share link GET /r/{code}: median ms of 400 first clicks a side, alternating with the redirect without recording, 25 ms apart; the server from request to answer, the client in its own thread',
  );
  rows.push(['stores: mode', 'server: without / with ms', 'server ratio', 'client: without / with ms', 'client ratio']);
  for (const [label, stores] of [
    ['memory', null],
    [server, uri],
  ] as const) {
    for (const c of await redirectCosts(stores)) {
      const ratio = c.server_with_ms / c.server_without_ms;
      rows.push([
        `${label}: ${c.mode}`,
        `${fmt(c.server_without_ms, 2)} / ${fmt(c.server_with_ms, 2)}`,
        `${fmt(ratio, 2)}× ${ratio <= 1.1 ? 'met (≤ 1.1×)' : 'MISSED (≤ 1.1×)'}`,
        `${fmt(c.without_ms, 2)} / ${fmt(c.with_ms, 2)}`,
        `${fmt(c.with_ms / c.without_ms, 2)}×`,
      ]);
    }
  }
  notes.push(
    'Share link: "without" is the same functions-framework redirect doing only the code lookup; "with" is the shareLink function, each request a new visitor (attempt window, one click insert, one message). The goal is judged on the server\'s time to answer: on this one machine the recording that starts after the answer (and the database) share the cores with the client, which a visitor on another machine does not.',
  );

  section('funnel: one query over referral_events, 40 clicks a day for 365 days (BigQuery emulator v0.8.1, dry run)');
  rows.push(['span', 'rows in span', 'dry-run bytes', 'bytes of the partitions read', 'of 365 days']);
  const funnel = await funnelScans();
  const whole = funnel.scans.find((x) => x.days === 365)!;
  for (const x of funnel.scans)
    rows.push([
      `${x.days} days`,
      x.rows_in_span.toLocaleString('en'),
      x.dry_run_bytes.toLocaleString('en'),
      x.partition_bytes.toLocaleString('en'),
      `${fmt((x.partition_bytes / whole.partition_bytes) * 100, 1)}%`,
    ]);
  notes.push(
    "Funnel bytes: the emulator's dry-run figure is its own estimate (it has no partitions); the partition figure is what BigQuery bills for the query's columns over the days it reads, since DATE(occurred_at) partitioning with require_partition_filter prunes every other day.",
  );

  for (const shape of ['expired', 'live'] as const) {
    section(
      shape === 'expired'
        ? `one referrer with N prior referrals whose lots have expired since: cost of one more operation, median ms of 9 (${server})`
        : `one referrer with N prior referrals, all N lots still live: cost of one more operation, median ms of 9 (${server})`,
    );
    const measured = [];
    for (const n of histories) measured.push(await historyScaling(uri, n, shape, { settle }));
    const last = measured.at(-1)!;
    rows.push(
      [
        'operation: figure',
        ...measured.map((m) => `N = ${m.history.toLocaleString('en')}`),
        `N = ${last.history.toLocaleString('en')} / N = 10`,
      ].slice(0, 5),
    );
    for (const op of ['conversion', 'redemption', 'refund'] as const) {
      for (const [label, key, digits] of [
        ['commands', 'commands', 1],
        ['bytes written', 'bytes_written', 0],
        ['ms', 'ms', 1],
      ] as const) {
        const values = measured.map((m) => m.costs.find((c) => c.operation === op)![key]);
        rows.push([`${op}: ${label}`, ...values.slice(0, 3).map((v) => fmt(v, digits)), `${fmt(values.at(-1)! / values[0]!, 2)}×`]);
      }
    }
    const stored = measured.map((m) => m.stored_bytes_per_referral);
    rows.push(['bytes stored per referral', ...stored.slice(0, 3).map((v) => fmt(v, 0)), `${fmt(stored.at(-1)! / stored[0]!, 2)}×`]);
    const lookups = measured.map((m) => m.id_lookup_ms);
    rows.push([
      'the server alone: a missing _id in usages + ledger, ms',
      ...lookups.slice(0, 3).map((v) => fmt(v, 2)),
      `${fmt(lookups.at(-1)! / lookups[0]!, 2)}×`,
    ]);
  }
  notes.push('History rows: targets are a ratio of at most 1.2× for commands, bytes written and bytes stored, and 1.5× for ms.');
  notes.push(
    'Bulk-loaded collections are analysed (PostgreSQL ANALYZE) before anything is measured: without statistics the planner may scan.',
  );

  section(`expiry sweep: 1,000 expiring lots over 200 wallets, among many (${server})`);
  rows.push(['lots in total', 'commands per 1,000 (in process / on the wire)', 'ms per 1,000', 'seeding s', '']);
  const wire: string[] = [];
  for (const total of sizes) {
    const s = await sweepScaling(uri, total, 1000, { settle });
    rows.push([
      total.toLocaleString('en'),
      `${fmt(s.commands_per_1000, 0)} / ${fmt(s.wire_per_1000, 0)}`,
      fmt(s.ms_per_1000, 0),
      fmt(s.seed_seconds, 0),
      '',
    ]);
    wire.push(
      `${total.toLocaleString('en')}: ${Object.entries(s.wire_by_name)
        .map(([n, c]) => `${n} ${c}`)
        .join(', ')}`,
    );
  }
  notes.push('Sweep target: at most 10 commands per 1,000 expiring lots, flat in the total.');
  notes.push(`Sweep commands on the wire, by name (every connection, the driver's own included): ${wire.join('; ')}.`);

  section(`reconcile: one full pass, batches of 1,000 (${server})`);
  rows.push(['customers', 'commands', 'peak RSS MiB above start', 'seconds', 'violations']);
  for (const n of reconcileSizes) {
    const r = await reconcileScaling(uri, n, 1000, { settle });
    rows.push([n.toLocaleString('en'), String(r.commands), fmt(r.peak_rss_mib, 1), fmt(r.seconds, 1), String(r.violations)]);
  }

  const load = { referrers: 20, referees: loadReferees, connections: 16, redelivery: 0.3 };
  section(
    `load through the local host: ${load.referrers} referrers × ${load.referees} referees, ${load.connections} connections, 30 % of conversions delivered twice`,
  );
  rows.push(['server: phase', 'requests', 'throughput (req/s)', 'p50 / p99 ms', 'errors; balances exact']);
  for (const [name, at] of [[server, uri], ...(ferret ? [[ferretName, ferret.uri]] : [])] as Array<[string, string]>) {
    const r = await loadOn(at, load);
    for (const p of r.phases)
      rows.push([`${name}: ${p.phase}`, String(p.requests), String(p.throughput_rps), `${p.p50_ms} / ${p.p99_ms}`, String(p.errors)]);
    rows.push([
      `${name}: after the load`,
      '',
      '',
      '',
      `${r.referrers.exact}/${r.referrers.total} exact; ${r.observed.conversions}/${r.expected.conversions} conversions; ${r.violations} violations`,
    ]);
  }
} finally {
  await ferret?.stop();
  await documentdb?.stop();
}

const header = ['measure', 'figure', 'figure', 'figure', 'figure'];
const widths = [0, 1, 2, 3, 4].map((i) => Math.max(header[i]!.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (r: string[]) => `| ${widths.map((w, i) => (r[i] ?? '').padEnd(w)).join(' | ')} |`;
process.stdout.write(`${[line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n')}\n`);
if (notes.length > 0) process.stdout.write(`\n${notes.map((n) => `- ${n}`).join('\n')}\n`);
