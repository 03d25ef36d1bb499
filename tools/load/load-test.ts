import autocannon from 'autocannon';
import { HostClient } from '../demo-client.js';
import { paymentCompletedPayload } from '../payment-events.js';

/** The size of a load run. */
export interface LoadOptions {
  url: string;
  referrers: number;
  referees: number;
  connections: number;
  /** Share of the conversions delivered a second time in the same phase, as Pub/Sub may (0 to 1; default 0). */
  redelivery?: number;
}

/** One phase's figures. */
export interface PhaseResult {
  phase: string;
  requests: number;
  throughput_rps: number;
  p50_ms: number;
  p99_ms: number;
  errors: number;
}

/** What a load run measured, and whether the data came out whole. */
export interface LoadResult {
  phases: PhaseResult[];
  violations: number;
  /** Referrers whose conversions and balance were exactly what their referees earned, read before any repair. */
  referrers: { exact: number; total: number };
  expected: { conversions: number; points: number };
  observed: { conversions: number; points: number };
}

interface Referee {
  id: string;
  token: string;
  dealId: string;
  code: string;
}

async function phase(
  name: string,
  url: string,
  connections: number,
  items: Referee[],
  build: (r: Referee) => { method: 'POST'; path: string; headers: Record<string, string>; body: string },
): Promise<PhaseResult> {
  let next = 0;
  const result = await autocannon({
    url,
    connections,
    amount: items.length,
    // Seconds. A Pub/Sub push may take up to its ack deadline (minutes); autocannon's default of
    // 10 s counted conversions queued on a slow store as errors although they all completed.
    timeout: 60,
    requests: [
      {
        setupRequest: (req) => {
          const r = items[next++ % items.length]!;
          return { ...req, ...build(r) };
        },
      },
    ],
  });
  return {
    phase: name,
    requests: result.requests.total,
    throughput_rps: Math.round(result.requests.total / (result.duration || 1)),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

/** The customers of one load run: referrers with their codes, and referees with an open deal each. */
export interface LoadSeed {
  url: string;
  codes: Array<{ id: string; code: string; token: string }>;
  referees: Referee[];
}

/** Creates the referrers (a first payment each gives them a code) and the referees' open deals. */
export async function seedLoad(url: string, referrers: number, refereeCount: number): Promise<LoadSeed> {
  const api = new HostClient(url);
  const run = Math.random().toString(36).slice(2, 8);
  const codes: LoadSeed['codes'] = [];
  for (let i = 0; i < referrers; i += 1) {
    const id = `load-${run}-referrer-${i}`;
    await api.expect(200, 'PUT', `/_dev/customers/${id}`, { body: { name: 'Load Referrer', email: `${id}@example.com` } });
    await api.paymentCompleted(`load-${run}-first-${i}`, id, 100_000);
    const token = await api.token(id);
    codes.push({ id, token, code: (await api.expect(200, 'GET', '/v1/referral-code', { token })).referral_code });
  }
  const referees: Referee[] = [];
  for (let i = 0; i < refereeCount; i += 1) {
    const id = `load-${run}-referee-${i}`;
    const dealId = `load-${run}-deal-${i}`;
    await api.expect(200, 'PUT', `/_dev/deals/${dealId}`, { body: { customer_id: id, amount: 1_500_000 } });
    referees.push({ id, dealId, token: await api.token(id), code: codes[i % codes.length]!.code });
  }
  return { url, codes, referees };
}

const json = { 'content-type': 'application/json' };

/** Every referee applies its referrer's code to its deal, `connections` at a time. */
export function applyPhase(seed: LoadSeed, connections: number): Promise<PhaseResult> {
  return phase('apply', seed.url, connections, seed.referees, (r) => ({
    method: 'POST',
    path: '/v1/referral-code/apply',
    headers: { ...json, authorization: `Bearer ${r.token}` },
    body: JSON.stringify({ code: r.code, deal_id: r.dealId }),
  }));
}

/** Every referee's deal is paid (a `payment.completed` push each), a share `redelivery` of them twice. */
export function convertPhase(seed: LoadSeed, connections: number, redelivery = 0, name?: string): Promise<PhaseResult> {
  return phase(
    name ?? (redelivery ? `convert (payment.completed, ${Math.round(redelivery * 100)} % redelivered)` : 'convert (payment.completed)'),
    seed.url,
    connections,
    withRedeliveries(seed.referees, redelivery),
    (r) => ({
      method: 'POST',
      path: '/_pubsub/payments',
      headers: json,
      body: JSON.stringify({
        data: paymentCompletedPayload(r.dealId, r.id, 1_300_000),
        attributes: { type: 'payment.completed' },
      }),
    }),
  );
}

/**
 * What the referrers see right after the load, before anything repairs (each must hold exactly
 * what its conversions earned), then what the reconcile job finds.
 */
export async function checkLoad(seed: LoadSeed): Promise<Omit<LoadResult, 'phases'>> {
  const api = new HostClient(seed.url);
  const { codes, referees } = seed;
  let conversions = 0;
  let points = 0;
  let exact = 0;
  for (const [i, c] of codes.entries()) {
    const converted = (await api.expect(200, 'GET', '/v1/referral-code', { token: c.token })).stats.successful_referrals;
    const balance = (await api.expect(200, 'GET', '/v1/points', { token: c.token })).balance;
    const own = referees.filter((_, k) => k % codes.length === i).length;
    if (converted === own && balance === own * 2000) exact += 1;
    conversions += converted;
    points += balance;
  }
  const report = (await api.expect(200, 'POST', '/_scheduler/reconcile')).report;
  return {
    // What reconcile found, before any repair of its own.
    violations: report.violations.length,
    referrers: { exact, total: codes.length },
    expected: { conversions: referees.length, points: referees.length * 2000 },
    observed: { conversions, points },
  };
}

/**
 * Many referees apply codes at once, then their deals are paid at once; right afterwards, with no
 * repair run, every referrer must hold exactly what its conversions earned, and then the reconcile
 * job must find nothing wrong.
 */
export async function runLoadTest(o: LoadOptions): Promise<LoadResult> {
  const seed = await seedLoad(o.url, o.referrers, o.referees);
  const phases = [await applyPhase(seed, o.connections), await convertPhase(seed, o.connections, o.redelivery ?? 0)];
  return { phases, ...(await checkLoad(seed)) };
}

/** The referees, with every k-th one again right after it, so a share `fraction` arrives twice and close together. */
function withRedeliveries(referees: Referee[], fraction: number): Referee[] {
  if (fraction <= 0) return referees;
  const out: Referee[] = [];
  let owed = 0;
  for (const r of referees) {
    out.push(r);
    owed += fraction;
    if (owed >= 1) {
      out.push(r);
      owed -= 1;
    }
  }
  return out;
}

/** The result as a table. */
export function formatLoadResult(r: LoadResult): string {
  const head = '| phase | requests | throughput (req/s) | p50 (ms) | p99 (ms) | errors |\n| --- | ---: | ---: | ---: | ---: | ---: |';
  const rows = r.phases.map((p) => `| ${p.phase} | ${p.requests} | ${p.throughput_rps} | ${p.p50_ms} | ${p.p99_ms} | ${p.errors} |`);
  return [
    head,
    ...rows,
    '',
    `reconcile violations: ${r.violations}; referrers exact: ${r.referrers.exact}/${r.referrers.total}; conversions ${r.observed.conversions}/${r.expected.conversions}; points ${r.observed.points}/${r.expected.points}`,
  ].join('\n');
}
