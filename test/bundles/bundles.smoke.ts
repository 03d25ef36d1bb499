/**
 * Smoke test of the deployable bundles (`npm run test:bundles`, after `npm run build`): for every
 * function of the catalog, `dist/<name>/` is copied to a folder of its own, installed with
 * `npm ci --omit=dev` from its own lock file (as Cloud Build does), started with
 * functions-framework's entry point (as Cloud Run's Node.js runtime does) in production mode
 * against loopback servers (JWKS, FerretDB, the BigQuery emulator, pstest), and sent one real
 * request or CloudEvent. Then the production refusals: without MONGODB_URI, or with
 * AUTH_MODE=dev, the bundle must stop at start-up with a line naming the variable.
 *
 * Not part of `npm test` (its own config picks `*.smoke.ts` only): it installs twelve bundles.
 */
import { createServer, type Server } from 'node:http';
import { constants } from 'node:fs';
import { access, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BigQuery } from '@google-cloud/bigquery';
import { PubSub } from '@google-cloud/pubsub';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BigQueryDealStore } from '#shared/adapters/bigquery/deal-store.js';
import { inboundEventTypes } from '#shared/events/inbound-events.js';
import { outboundTopics } from '#shared/notifications/publisher.js';
import { functionCatalog, type FunctionSpec } from '#shared/app/function-catalog.js';
import { startBigQueryEmulator, type BigQueryEmulator } from '../../tools/bigquery-emulator/server.js';
import { startFerretDb, type FerretDbServer } from '../../tools/ferretdb/server.js';
import { ensureAllServersBuilt } from '../../tools/provision.js';
import { startPubSubEmulator, type PubSubEmulator } from '../../tools/pstest/server.js';
import { installBundle, killAll, limiter, runUntilExit, startFunction, type Installed, type RunningFunction } from './harness.js';
import { paymentCompleted, paymentRefunded } from '../support/cloud-events.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const dist = join(repoRoot, 'dist');
/** One npm cache for every install (kept between runs, so a warm run downloads nothing). */
const npmCache = join(repoRoot, '.cache', 'bundle-npm-cache');
/** Two cores: more installs at once only contend. */
const INSTALL_CONCURRENCY = 2;
const INSTALL_TIMEOUT_MS = 180_000;
const REQUEST_TIMEOUT_MS = 20_000;
const REFUSAL_TIMEOUT_MS = 10_000;

const ISSUER = 'https://login.smoke.test/';
const AUDIENCE = 'referral-api';
const PROJECT = 'referral-smoke';
/** The database the functions use when MONGODB_DB is unset. */
const DATABASE = 'referrals';

let workDir: string | undefined;
let jwks: Server | undefined;
let jwksUrl = '';
let signingKey: CryptoKey;
let ferret: FerretDbServer | undefined;
let bigquery: BigQueryEmulator | undefined;
let pubsub: PubSubEmulator | undefined;
let mongo: MongoClient | undefined;
const installs = new Map<string, Promise<Installed>>();
/** Set once the suite tears down: installs not yet started never start. */
let tearingDown = false;
/** The emulators take no credentials: this keeps the suite's own clients from looking any up. */
const noCredentials = { getRequestHeaders: async () => new Headers() } as never;
let rootLock: { packages: Record<string, { version?: string; integrity?: string; resolved?: string }> };

/**
 * Where the bundles are installed: BUNDLES_TMPDIR, else /dev/shm when there is one (npm ci writes
 * some 250 packages per bundle; in memory that costs a third of the system time it does on disk),
 * else the OS temporary folder.
 */
async function scratchDir(): Promise<string> {
  if (process.env['BUNDLES_TMPDIR']) return process.env['BUNDLES_TMPDIR'];
  try {
    await access('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return tmpdir();
  }
}

/** Installs start as soon as the suite does, two at a time, and run ahead of the tests that use them. */
function startInstalls(): void {
  const limit = limiter(INSTALL_CONCURRENCY);
  for (const f of functionCatalog) {
    const install = limit(async () => {
      if (tearingDown) throw new Error('the suite ended before this bundle was installed');
      return installBundle(join(dist, f.name), join(workDir!, f.name), npmCache, INSTALL_TIMEOUT_MS);
    });
    install.catch(() => undefined); // reported by the function's own test
    installs.set(f.name, install);
  }
}

async function startJwks(): Promise<void> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  signingKey = privateKey;
  const key: JWK = { ...(await exportJWK(publicKey)), kid: 'smoke', alg: 'RS256', use: 'sig' };
  jwks = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [key] }));
  });
  await new Promise<void>((res) => jwks!.listen(0, '127.0.0.1', res));
  jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
}

function token(sub: string, roles: string[] = []): Promise<string> {
  return new SignJWT({ roles })
    .setProtectedHeader({ alg: 'RS256', kid: 'smoke' })
    .setSubject(sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(signingKey);
}

/** The environment Cloud Run would give a function, pointed at the loopback servers. */
function productionEnv(): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ', 'NODE_EXTRA_CA_CERTS'];
  return {
    ...Object.fromEntries(keep.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]])),
    NODE_ENV: 'production',
    AUTH_MODE: 'jwt',
    JWKS_URL: jwksUrl,
    JWT_ISSUER: ISSUER,
    JWT_AUDIENCE: AUDIENCE,
    MONGODB_URI: ferret!.uri,
    BIGQUERY_PROJECT: bigquery!.projectId,
    BIGQUERY_API_ENDPOINT: bigquery!.apiEndpoint,
    PUBSUB_PROJECT: PROJECT,
    PII_HASH_SECRET: 'a-production-key-of-at-least-32-characters',
    SHARE_LANDING_URL: 'https://example.travel/?ref={code}',
    PUBSUB_EMULATOR_HOST: pubsub!.host,
  };
}

async function call(
  fn: RunningFunction,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: any; text: string; headers: Headers }> {
  const res = await fetch(`${fn.url}${path}`, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, body, text, headers: res.headers };
}

let sequence = 0;

/** POSTs a Pub/Sub message as Eventarc does: a binary-mode CloudEvent whose data holds the message. */
async function deliver(fn: RunningFunction, name: string, topic: string, type: string, data: unknown) {
  sequence += 1;
  const messageId = `smoke-${name}-${sequence}`;
  return call(fn, 'POST', '/', {
    headers: {
      'ce-id': messageId,
      'ce-type': 'google.cloud.pubsub.topic.v1.messagePublished',
      'ce-source': `//pubsub.googleapis.com/projects/${PROJECT}/topics/${topic}`,
      'ce-specversion': '1.0',
    },
    body: {
      message: {
        data: Buffer.from(JSON.stringify(data)).toString('base64'),
        attributes: { type },
        messageId,
        publishTime: new Date().toISOString(),
      },
      subscription: `projects/${PROJECT}/subscriptions/${name}`,
    },
  });
}

/** A valid payload of each inbound event type, for customer `customerId` and deal `dealId`. */
function eventPayload(type: string, customerId: string, dealId: string): Record<string, unknown> {
  switch (type) {
    case 'payment.completed':
      return paymentCompleted(dealId, customerId, {
        paid_at: new Date().toISOString(),
        customer: { name: 'Smoke Tester', email: `${customerId}@smoke.test` },
      });
    case 'payment.refunded':
      return { ...paymentRefunded(dealId, customerId), refunded_at: new Date().toISOString() };
    case 'customer.upserted':
      return { customer_id: customerId, name: 'Smoke Tester', email: `${customerId}@smoke.test`, phone_number: '+910000000000' };
    default:
      throw new Error(`No smoke payload for event type ${type}: add one to eventPayload in test/bundles/bundles.smoke.ts`);
  }
}

/** The customer document the functions keep in MongoDB, polled for up to 5 s. */
async function customerDocument(customerId: string, ready: (doc: any) => boolean): Promise<any> {
  const customers = mongo!.db(DATABASE).collection('customers');
  const deadline = Date.now() + 5_000;
  let doc: any = null;
  while (Date.now() < deadline) {
    doc = await customers.findOne({ customer_id: customerId });
    if (doc && ready(doc)) return doc;
    await new Promise((r) => setTimeout(r, 100));
  }
  return doc;
}

type Probe = (fn: RunningFunction, spec: FunctionSpec) => Promise<void>;

/** One real request per function, with the answer it must give; keyed by function name. */
const probes: Record<string, Probe> = {
  applyReferralCode: async (fn) => {
    const r = await call(fn, 'POST', '/v1/referral-code/validate', {
      token: await token('cust-smoke-apply'),
      body: { code: 'NOSUCH-CODE', deal_id: 'deal-smoke-apply' },
    });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ eligible: false, reason: { code: 'CODE_NOT_FOUND' } });
  },
  referralCode: async (fn) => {
    const r = await call(fn, 'GET', '/v1/referral-code', { token: await token('cust-smoke-new') });
    expect(r.status, r.text).toBe(404);
    expect(r.body).toMatchObject({ error: { code: 'CODE_NOT_GENERATED' } });
  },
  points: async (fn) => {
    const r = await call(fn, 'GET', '/v1/points', { token: await token('cust-smoke-points') });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ balance: 0, lots: [] });
  },
  shareLink: async (fn) => {
    // Public: no token; an unknown code lands without a code, on the production landing page.
    const res = await fetch(`${fn.url}/r/NOSUCH-CODE`, { redirect: 'manual', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    await res.body?.cancel();
    expect([res.status, res.headers.get('location')]).toEqual([302, 'https://example.travel/']);
    // The referrer's card's script, read from card/ beside the built bundle.
    const card = await fetch(`${fn.url}/card/referral-card.js`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    expect([card.status, card.headers.get('access-control-allow-origin')]).toEqual([200, '*']);
    expect(await card.text()).toContain('referral-card');
  },
  admin: async (fn) => {
    const customer = await call(fn, 'GET', '/v1/admin/reports/points-liability', { token: await token('cust-smoke-admin') });
    expect(customer.status, customer.text).toBe(403);
    const r = await call(fn, 'GET', '/v1/admin/reports/points-liability', { token: await token('ops-smoke', ['admin']) });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ outstanding_points: 0 });
  },
  generateReferralCode: async (fn, spec) => {
    const r = await deliver(
      fn,
      spec.name,
      'payments',
      'payment.completed',
      eventPayload('payment.completed', 'cust-smoke-gen', 'deal-smoke-gen'),
    );
    expect(r.status, r.text).toBeGreaterThanOrEqual(200);
    expect(r.status, r.text).toBeLessThan(300);
    const doc = await customerDocument('cust-smoke-gen', (d) => d.referral_code !== null && d.referral_code !== undefined);
    expect(doc?.referral_code).toMatchObject({
      referral_code: expect.stringMatching(/\S/),
      status: 'active',
      first_payment_deal_id: 'deal-smoke-gen',
    });
  },
  syncCustomer: async (fn, spec) => {
    const r = await deliver(fn, spec.name, 'customers', 'customer.upserted', eventPayload('customer.upserted', 'cust-smoke-sync', ''));
    expect(r.status, r.text).toBeGreaterThanOrEqual(200);
    expect(r.status, r.text).toBeLessThan(300);
    const doc = await customerDocument('cust-smoke-sync', () => true);
    expect(doc).toMatchObject({ customer_id: 'cust-smoke-sync', name: 'Smoke Tester', email: 'cust-smoke-sync@smoke.test' });
  },
};

/** The probe of a function without one of its own: what every function of its trigger must do. */
function genericProbe(spec: FunctionSpec): Probe {
  switch (spec.trigger) {
    case 'scheduler':
      // Cloud Scheduler POSTs to the function; it answers with the job's report.
      return async (fn) => {
        const r = await call(fn, 'POST', '/', { body: {} });
        expect(r.status, r.text).toBe(200);
        expect(r.body, r.text).toBeTypeOf('object');
        expect(r.body).not.toBeNull();
      };
    case 'pubsub':
      // A valid event of each type the function's topic carries is handled (or skipped) and acknowledged.
      return async (fn) => {
        for (const type of inboundEventTypes[spec.topic]) {
          const r = await deliver(
            fn,
            spec.name,
            spec.topic,
            type,
            eventPayload(type, `cust-smoke-${spec.name}`, `deal-smoke-${spec.name}`),
          );
          expect(r.status, `${type}: ${r.text}`).toBeGreaterThanOrEqual(200);
          expect(r.status, `${type}: ${r.text}`).toBeLessThan(300);
        }
      };
    case 'iap':
      // The console's page comes with its security policy, and its API still needs a caller.
      return async (fn) => {
        const page = await call(fn, 'GET', '/console/');
        expect(page.status, page.text).toBe(200);
        expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
        const script = /src="\/console\/([^"]+\.js)"/.exec(page.text)?.[1];
        expect(script, page.text).toBeDefined();
        expect((await call(fn, 'GET', `/console/${script}`)).status).toBe(200);
        const api = await call(fn, 'GET', '/v1/admin/reviews');
        expect(api.status, api.text).toBe(401);
      };
    case 'http':
      // Every route needs a caller: without a token the function answers 401 UNAUTHENTICATED.
      return async (fn) => {
        const [method, path] = spec.routes[0]!.split(' ') as [string, string];
        const r = await call(fn, method, path.replace(/\{\w+\}/g, 'smoke'), method === 'GET' ? {} : { body: {} });
        expect(r.status, r.text).toBe(401);
        expect(r.body).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
      };
  }
}

beforeAll(async () => {
  rootLock = JSON.parse(await readFile(join(repoRoot, 'package-lock.json'), 'utf8'));
  for (const f of functionCatalog) {
    await readFile(join(dist, f.name, 'package-lock.json')).catch(() => {
      throw new Error(`dist/${f.name}/package-lock.json is missing: run npm run build first (npm run test:bundles does)`);
    });
  }
  workDir = await mkdtemp(join(await scratchDir(), 'bundles-smoke-'));
  await mkdir(npmCache, { recursive: true });
  startInstalls();
  await startJwks();
  // Built one after another if missing (two cores); a warm run finds them built.
  await ensureAllServersBuilt();
  [ferret, bigquery, pubsub] = await Promise.all([startFerretDb(), startBigQueryEmulator({ projectId: PROJECT }), startPubSubEmulator()]);
  mongo = new MongoClient(ferret.uri, { serverSelectionTimeoutMS: 5_000 });
  await mongo.connect();
  // The deals table the platform owns, and the topics Terraform creates.
  const bq = new BigQuery({ projectId: PROJECT, apiEndpoint: bigquery.apiEndpoint, authClient: noCredentials });
  await bq.createDataset('platform');
  await new BigQueryDealStore({
    projectId: PROJECT,
    dataset: 'platform',
    table: 'deals',
    apiEndpoint: bigquery.apiEndpoint,
  }).ensureDealsTable();
  const admin = new PubSub({ projectId: PROJECT, apiEndpoint: pubsub.host, authClient: noCredentials });
  for (const topic of outboundTopics) await admin.createTopic(topic);
  await admin.close();
}, 900_000);

afterAll(async () => {
  tearingDown = true;
  await killAll();
  // Installs still queued (the setup failed) give up; their folders go with the work folder.
  await Promise.allSettled(installs.values());
  await killAll();
  await mongo?.close().catch(() => undefined);
  await Promise.allSettled([ferret?.stop(), bigquery?.stop(), pubsub?.stop()]);
  if (jwks) await new Promise<void>((res) => jwks!.close(() => res()));
  if (workDir) await rm(workDir, { recursive: true, force: true });
}, 120_000);

describe.each(functionCatalog.map((f) => [f.name, f] as const))('bundle %s', (name, spec: FunctionSpec) => {
  /** The installed bundle; a failed install fails every test of the bundle with its reason. */
  const bundle = (): Promise<Installed> => installs.get(name)!;

  afterAll(async () => {
    // Each bundle's node_modules goes once its tests are done: twelve of them add up.
    if (workDir) await rm(join(workDir, name), { recursive: true, force: true });
  });

  it(
    `${name}: npm ci --omit=dev installs exactly the versions of the root lock`,
    async () => {
      const installed = await bundle();
      const paths = Object.keys(installed.installed).filter((p) => p !== '');
      expect(paths.length).toBeGreaterThan(0);
      for (const path of paths) {
        const want = rootLock.packages[path];
        expect(want, `${path} is not in the root package-lock.json`).toBeDefined();
        expect({ path, version: installed.installed[path]!.version, integrity: installed.installed[path]!.integrity }).toEqual({
          path,
          version: want!.version,
          integrity: want!.integrity,
        });
      }
    },
    INSTALL_TIMEOUT_MS * 3,
  );

  it(`${name}: serves ${spec.trigger === 'http' || spec.trigger === 'iap' ? 'a real request' : spec.trigger === 'pubsub' ? 'a CloudEvent' : 'a scheduler run'} in production mode`, async () => {
    const fn = await startFunction((await bundle()).dir, name, productionEnv());
    try {
      await (probes[name] ?? genericProbe(spec))(fn, spec);
    } catch (e) {
      const stderr = fn.stderr().trim();
      if (stderr && e instanceof Error) e.message += `\n--- ${name} stderr ---\n${stderr}`;
      throw e;
    } finally {
      await fn.stop();
    }
  }, 60_000);

  it(`${name}: refuses to start in production without MONGODB_URI, naming it`, async () => {
    const { MONGODB_URI: _omitted, ...env } = productionEnv();
    const r = await runUntilExit((await bundle()).dir, name, env, REFUSAL_TIMEOUT_MS);
    expect(r.code, r.stderr).not.toBe(0);
    expect(r.stderr).toMatch(/^Invalid configuration: .*\bMONGODB_URI\b/m);
  }, 30_000);

  it(`${name}: refuses AUTH_MODE=dev in production, naming it`, async () => {
    const r = await runUntilExit((await bundle()).dir, name, { ...productionEnv(), AUTH_MODE: 'dev' }, REFUSAL_TIMEOUT_MS);
    expect(r.code, r.stderr).not.toBe(0);
    expect(r.stderr).toMatch(/^Invalid configuration: .*\bAUTH_MODE\b/m);
  }, 30_000);
});
