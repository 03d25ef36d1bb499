import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '#shared/app/config.js';

describe('loadConfig', () => {
  it('has the defaults of docs/rules.md §2', () => {
    const { rules, mongodb, bigquery } = loadConfig({});
    expect(rules).toMatchObject({
      refereeDiscount: { amount: 200000, currency: 'INR' },
      referrerRewardPoints: 2000,
      pointsValidityMonths: 6,
      pointValueMinor: 100,
      refereeMustBeNew: true,
      maxReferralsPerReferrer: null,
      codeAttemptLimit: 10,
      codeAttemptWindowSeconds: 3600,
      expiryReminderDays: 7,
      clawbackOnRefund: true,
      sweepBatchSize: 200,
      sweepLotBatchSize: 1000,
      sweepTimeBudgetMs: 50000,
    });
    expect([mongodb, bigquery]).toEqual([null, null]);
  });

  it('has the trust defaults of docs/rules.md §7, and takes configured disposable domains', () => {
    expect(loadConfig({}).rules.trust).toMatchObject({ dotInsensitiveDomains: ['gmail.com', 'googlemail.com'], reviewVelocityPerDay: 20 });
    const trust = loadConfig({ DISPOSABLE_EMAIL_DOMAINS: 'tempmail.test, burner.example' }).rules.trust;
    expect([...trust.extraDisposableDomains]).toEqual(['tempmail.test', 'burner.example']);
  });

  it.each([
    [{ REFEREE_DISCOUNT_MINOR: '20.5' }, /REFEREE_DISCOUNT_MINOR/],
    [{ CURRENCY: 'rupees' }, /CURRENCY/],
    [{ AUTH_MODE: 'jwt' }, /JWKS_URL/],
    [{ CLAWBACK_ON_REFUND: 'maybe' }, /CLAWBACK_ON_REFUND/],
    [{ BIGQUERY_PROJECT: 'local' }, /BIGQUERY_PROJECT: not a Google Cloud project id/],
    [{ BIGQUERY_TABLE: 'deals; DROP' }, /BIGQUERY_TABLE/],
    [{ REVIEW_VELOCITY_PER_DAY: '0' }, /REVIEW_VELOCITY_PER_DAY/],
    [{ DISPOSABLE_EMAIL_DOMAINS: 'tempmail.test, not a domain' }, /DISPOSABLE_EMAIL_DOMAINS/],
    [{ EMAIL_DOT_INSENSITIVE_DOMAINS: 'Gmail.COM' }, /EMAIL_DOT_INSENSITIVE_DOMAINS/],
    [{ PII_HASH_SECRET: 'short' }, /PII_HASH_SECRET/],
    [{ SHARE_LANDING_URL: 'https://example.travel/' }, /SHARE_LANDING_URL: must contain \{code\} exactly once/],
    [{ SHARE_LANDING_URL: 'example.travel/?ref={code}' }, /SHARE_LANDING_URL: must be an absolute URL/],
    [{ SHARE_LANDING_URL: 'ftp://example.travel/?ref={code}' }, /SHARE_LANDING_URL: must be an http\(s\) URL/],
    [{ SHARE_LANDING_URL: 'https://{code}.example.travel/' }, /SHARE_LANDING_URL/],
    [{ SHARE_LANDING_URL: 'https://example.travel/?ref=x{code}' }, /SHARE_LANDING_URL: \{code\} must be a whole/],
    [{ SHARE_LANDING_URL: 'https://example.travel/{click_id}/?ref={code}' }, /SHARE_LANDING_URL: \{click_id\} must be a whole query value/],
    [{ SHARE_CLICK_LIMIT: '0' }, /SHARE_CLICK_LIMIT/],
  ])('fails loudly at start-up on %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('configuration in production', () => {
  const production = {
    NODE_ENV: 'production',
    AUTH_MODE: 'gateway',
    MONGODB_URI: 'mongodb://127.0.0.1:27017/',
    BIGQUERY_PROJECT: 'platform-prod',
    PUBSUB_PROJECT: 'referrals-prod',
    PII_HASH_SECRET: 'a-production-key-of-at-least-32-characters',
    SHARE_LANDING_URL: 'https://example.travel/?ref={code}',
  };

  it('refuses a plain-http card origin', () => {
    expect(() => loadConfig({ ...production, CARD_ALLOWED_ORIGINS: 'http://www.example.travel' })).toThrow(
      /CARD_ALLOWED_ORIGINS: http:\/\/www\.example\.travel refused when NODE_ENV=production/,
    );
    expect(loadConfig({ ...production, CARD_ALLOWED_ORIGINS: 'https://www.example.travel' }).card.allowedOrigins).toEqual([
      'https://www.example.travel',
    ]);
  });

  it('starts with every store configured', () => {
    const config = loadConfig(production);
    expect([config.production, config.mongodb?.uri, config.bigquery?.projectId, config.pubsub?.projectId]).toEqual([
      true,
      'mongodb://127.0.0.1:27017/',
      'platform-prod',
      'referrals-prod',
    ]);
  });

  it.each([
    ['MONGODB_URI', { MONGODB_URI: undefined }],
    ['MONGODB_URI', { MONGODB_URI: '' }],
    ['BIGQUERY_PROJECT', { BIGQUERY_PROJECT: '  ' }],
    ['PUBSUB_PROJECT', { PUBSUB_PROJECT: undefined }],
    ['AUTH_MODE', { AUTH_MODE: 'dev' }],
    ['PII_HASH_SECRET', { PII_HASH_SECRET: undefined }],
    ['SHARE_LANDING_URL', { SHARE_LANDING_URL: undefined }],
  ])('refuses to start without %s (%j), in one line naming it', (variable, change) => {
    const error = (() => {
      try {
        loadConfig({ ...production, ...change });
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error?.name).toBe('ConfigError');
    expect(error?.message).toMatch(new RegExp(`^Invalid configuration: .*${variable}: `));
    expect(error?.message).not.toContain('\n');
  });

  it('takes Pub/Sub from GOOGLE_CLOUD_PROJECT when PUBSUB_PROJECT is unset', () => {
    expect(loadConfig({ ...production, PUBSUB_PROJECT: undefined, GOOGLE_CLOUD_PROJECT: 'p' }).pubsub).toEqual({ projectId: 'p' });
  });
});

describe('an empty variable counts as unset', () => {
  it('runs on embedded stores with MONGODB_URI= and BIGQUERY_PROJECT=', () => {
    const config = loadConfig({ MONGODB_URI: '', BIGQUERY_PROJECT: '', PORT: '' });
    expect([config.mongodb, config.bigquery, config.port]).toEqual([null, null, 8080]);
  });
});

describe('a function module with a bad configuration', () => {
  const root = resolve(import.meta.dirname, '../..');
  const load = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['--import', 'tsx', '-e', "await import('./functions/points.ts')"], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
      timeout: 30_000,
    });

  it.each([
    ['MONGODB_URI', { NODE_ENV: 'production', AUTH_MODE: 'gateway' }],
    [
      'AUTH_MODE',
      { NODE_ENV: 'production', MONGODB_URI: 'mongodb://127.0.0.1:9/', BIGQUERY_PROJECT: 'platform-prod', PUBSUB_PROJECT: 'p' },
    ],
    ['CURRENCY', { CURRENCY: 'rupees' }],
    ['SHARE_LANDING_URL', { SHARE_LANDING_URL: 'https://example.travel/share' }],
  ])('stops the process when it loads, with one line naming %s', (variable, env) => {
    const run = load(env);
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Invalid configuration: .*${variable}: `));
  });
});
