import { z } from 'zod';
import type { Rules } from '../core/rules.js';
import { milestonesSchema } from '../programme/terms.js';
import { trustEnvShape, trustProductionProblems, trustRules } from './trust-config.js';
import { shareEnvShape, shareProductionProblems, shareRules } from './share-config.js';
import { cardConfig, cardEnvShape, cardProductionProblems, type CardConfig } from './card-config.js';

export type { Rules } from '../core/rules.js';

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const int = (min: number) => z.coerce.number().int().min(min);

const envSchema = z.object({
  NODE_ENV: z.string().default('development'),
  PORT: int(0).default(8080),
  MONGODB_URI: z.string().min(1).optional(),
  MONGODB_DB: z.string().min(1).default('referrals'),
  // Checked here so a bad name stops the process at start-up, not at the first query.
  BIGQUERY_PROJECT: z
    .string()
    .regex(/^(?:[a-z][a-z0-9.-]*[a-z0-9]:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'not a Google Cloud project id')
    .optional(),
  BIGQUERY_DATASET: z
    .string()
    .regex(/^[A-Za-z0-9_]{1,1024}$/, 'letters, digits and underscores only')
    .default('platform'),
  BIGQUERY_TABLE: z
    .string()
    .regex(/^[A-Za-z0-9_]{1,1024}$/, 'letters, digits and underscores only')
    .default('deals'),
  BIGQUERY_API_ENDPOINT: z.string().url().optional(),
  // The referral_events table of the funnel (docs/rules.md §9); its project defaults to BIGQUERY_PROJECT.
  BIGQUERY_EVENTS_PROJECT: z
    .string()
    .regex(/^(?:[a-z][a-z0-9.-]*[a-z0-9]:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'not a Google Cloud project id')
    .optional(),
  BIGQUERY_EVENTS_DATASET: z
    .string()
    .regex(/^[A-Za-z0-9_]{1,1024}$/, 'letters, digits and underscores only')
    .default('referral_analytics'),
  PUBSUB_PROJECT: z.string().min(1).optional(),
  SCHEDULER_LOCATION: z.string().min(1).optional(),
  AUTH_MODE: z.enum(['dev', 'jwt', 'gateway', 'iap']).default('dev'),
  DEV_JWT_SECRET: z.string().min(16).default('local-development-secret-not-for-production'),
  JWT_ISSUER: z.string().min(1).optional(),
  JWT_AUDIENCE: z.string().min(1).optional(),
  JWKS_URL: z.string().url().optional(),
  // Identity-Aware Proxy in front of the console: the audience of its signed header, and who is admin.
  IAP_AUDIENCE: z
    .string()
    .regex(
      /^\/projects\/\d+\/(global\/backendServices|locations\/[a-z0-9-]+\/services)\/[\w-]+$/,
      'not an IAP audience (/projects/<number>/global/backendServices/<id>)',
    )
    .optional(),
  IAP_JWKS_URL: z.string().url().default('https://www.gstatic.com/iap/verify/public_key-jwk'),
  ADMIN_IDENTITIES: z
    .string()
    .regex(/^\s*[^\s,@]+@[^\s,@]+(\s*,\s*[^\s,@]+@[^\s,@]+)*\s*$/, 'must be e-mail addresses, comma-separated')
    .transform((v) => v.split(',').map((x) => x.trim().toLowerCase()))
    .optional(),
  REFEREE_DISCOUNT_MINOR: int(0).default(200000),
  CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default('INR'),
  REFERRER_REWARD_POINTS: int(1).default(2000),
  POINTS_VALIDITY_MONTHS: int(1).default(6),
  POINT_VALUE_MINOR: int(0).default(100),
  REFEREE_MUST_BE_NEW: flag.default(true),
  MAX_REFERRALS_PER_REFERRER: int(0).default(0),
  CODE_ATTEMPT_LIMIT: int(1).default(10),
  CODE_ATTEMPT_WINDOW_SECONDS: int(1).default(3600),
  EXPIRY_REMINDER_DAYS: int(1).default(7),
  CLAWBACK_ON_REFUND: flag.default(true),
  SWEEP_BATCH_SIZE: int(1).default(200),
  SWEEP_LOT_BATCH_SIZE: int(1).default(1000),
  SWEEP_TIME_BUDGET_MS: int(1).default(50000),
  CREDIT_HOLD_DAYS: int(0).default(0),
  // `<successful referrals>:<bonus points>`, comma-separated, e.g. `5:1000,10:2500`.
  REFERRAL_MILESTONES: z
    .string()
    .regex(/^\s*\d+\s*:\s*\d+\s*(,\s*\d+\s*:\s*\d+\s*)*$/, 'must be <referrals>:<points>, comma-separated')
    .transform((v) =>
      v.split(',').map((pair) => {
        const [n, b] = pair.split(':').map((x) => Number(x.trim()));
        return { successful_referrals: n, bonus_points: b };
      }),
    )
    .pipe(milestonesSchema)
    .optional(),
  TERMS_CACHE_SECONDS: int(0).default(30),
  ...trustEnvShape,
  ...shareEnvShape,
  ...cardEnvShape,
});

/** The whole configuration, parsed and validated once. */
export interface Config {
  production: boolean;
  port: number;
  mongodb: { uri: string; database: string } | null;
  bigquery: {
    projectId: string;
    dataset: string;
    table: string;
    apiEndpoint?: string;
    /** Where the `referral_events` table is (the funnel's warehouse). */
    events: { projectId: string; dataset: string };
  } | null;
  pubsub: { projectId: string } | null;
  scheduler: { projectId: string; location: string } | null;
  auth: {
    mode: 'dev' | 'jwt' | 'gateway' | 'iap';
    devSecret: string;
    issuer?: string;
    audience?: string;
    jwksUrl?: string;
    /** With `iap`: the signed header's audience, Google's key set, and the identities given role `admin`. */
    iap?: { audience: string; jwksUrl: string; admins: string[] };
  };
  /** The referrer's card on other origins: which may call its routes (CORS). */
  card: CardConfig;
  rules: Rules;
}

/** A configuration the process must not start with; the message is one line naming the variables. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Variables set to the empty string count as unset, as shells and compose files often leave them. */
function withoutEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((kv): kv is [string, string] => kv[1] !== undefined && kv[1].trim() !== ''));
}

/** What production refuses: embedded stores (data in one instance's memory is lost) and development tokens. */
function productionProblems(e: z.infer<typeof envSchema>, gcpProject: string | undefined): string[] {
  const problems: string[] = [];
  if (!e.MONGODB_URI) problems.push('MONGODB_URI: required when NODE_ENV=production (embedded stores are refused)');
  if (!e.BIGQUERY_PROJECT) problems.push('BIGQUERY_PROJECT: required when NODE_ENV=production (embedded deals are refused)');
  if (!gcpProject) problems.push('PUBSUB_PROJECT: required when NODE_ENV=production (messages kept in memory are refused)');
  if (e.AUTH_MODE === 'dev') problems.push('AUTH_MODE: dev is refused when NODE_ENV=production');
  problems.push(...trustProductionProblems(e), ...shareProductionProblems(e), ...cardProductionProblems(e));
  return problems;
}

/**
 * Reads the configuration from environment variables. Bad values fail here, at start-up,
 * with a `ConfigError` naming the variables and the reasons.
 */
export function loadConfig(rawEnv: NodeJS.ProcessEnv = process.env): Config {
  const env = withoutEmpty(rawEnv);
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const gcpProject = e.PUBSUB_PROJECT ?? env.GOOGLE_CLOUD_PROJECT;
  const problems = production ? productionProblems(e, gcpProject) : [];
  if (e.AUTH_MODE === 'jwt' && !(e.JWKS_URL && e.JWT_ISSUER && e.JWT_AUDIENCE)) {
    problems.push('AUTH_MODE: jwt needs JWKS_URL, JWT_ISSUER and JWT_AUDIENCE');
  }
  if (e.AUTH_MODE === 'iap' && !(e.IAP_AUDIENCE && e.ADMIN_IDENTITIES)) {
    problems.push('AUTH_MODE: iap needs IAP_AUDIENCE and ADMIN_IDENTITIES');
  }
  if (problems.length > 0) throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  return {
    production,
    port: e.PORT,
    mongodb: e.MONGODB_URI ? { uri: e.MONGODB_URI, database: e.MONGODB_DB } : null,
    bigquery: e.BIGQUERY_PROJECT
      ? {
          projectId: e.BIGQUERY_PROJECT,
          dataset: e.BIGQUERY_DATASET,
          table: e.BIGQUERY_TABLE,
          events: { projectId: e.BIGQUERY_EVENTS_PROJECT ?? e.BIGQUERY_PROJECT, dataset: e.BIGQUERY_EVENTS_DATASET },
          ...(e.BIGQUERY_API_ENDPOINT ? { apiEndpoint: e.BIGQUERY_API_ENDPOINT } : {}),
        }
      : null,
    pubsub: gcpProject ? { projectId: gcpProject } : null,
    scheduler: gcpProject && e.SCHEDULER_LOCATION ? { projectId: gcpProject, location: e.SCHEDULER_LOCATION } : null,
    auth: {
      mode: e.AUTH_MODE,
      devSecret: e.DEV_JWT_SECRET,
      ...(e.JWT_ISSUER ? { issuer: e.JWT_ISSUER } : {}),
      ...(e.JWT_AUDIENCE ? { audience: e.JWT_AUDIENCE } : {}),
      ...(e.JWKS_URL ? { jwksUrl: e.JWKS_URL } : {}),
      ...(e.AUTH_MODE === 'iap' && e.IAP_AUDIENCE && e.ADMIN_IDENTITIES
        ? { iap: { audience: e.IAP_AUDIENCE, jwksUrl: e.IAP_JWKS_URL, admins: e.ADMIN_IDENTITIES } }
        : {}),
    },
    card: cardConfig(e),
    rules: {
      refereeDiscount: { amount: e.REFEREE_DISCOUNT_MINOR, currency: e.CURRENCY },
      referrerRewardPoints: e.REFERRER_REWARD_POINTS,
      pointsValidityMonths: e.POINTS_VALIDITY_MONTHS,
      pointValueMinor: e.POINT_VALUE_MINOR,
      refereeMustBeNew: e.REFEREE_MUST_BE_NEW,
      maxReferralsPerReferrer: e.MAX_REFERRALS_PER_REFERRER === 0 ? null : e.MAX_REFERRALS_PER_REFERRER,
      codeAttemptLimit: e.CODE_ATTEMPT_LIMIT,
      codeAttemptWindowSeconds: e.CODE_ATTEMPT_WINDOW_SECONDS,
      expiryReminderDays: e.EXPIRY_REMINDER_DAYS,
      clawbackOnRefund: e.CLAWBACK_ON_REFUND,
      sweepBatchSize: e.SWEEP_BATCH_SIZE,
      sweepLotBatchSize: e.SWEEP_LOT_BATCH_SIZE,
      sweepTimeBudgetMs: e.SWEEP_TIME_BUDGET_MS,
      creditHoldDays: e.CREDIT_HOLD_DAYS,
      milestones: e.REFERRAL_MILESTONES ?? [],
      termsCacheMs: e.TERMS_CACHE_SECONDS * 1000,
      trust: trustRules(e),
      share: shareRules(e),
    },
  };
}

/**
 * The configuration a process starts with: parsed once, from the environment. A bad value ends
 * the process here with one line on stderr naming the variable (no stack trace), so a bad
 * revision fails its start-up probe instead of its first request.
 */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
}
