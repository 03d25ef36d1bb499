import { z } from 'zod';
import { defaultDotInsensitiveDomains } from '../customers/email.js';
import type { TrustRules } from '../core/rules.js';

import { devPiiHashSecret } from '../trust/pii-hash.js';

export { devPiiHashSecret };

const domain = z.string().regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/, 'not a lower-case domain name');

/** A comma-separated list of domains (spaces around commas allowed). */
const domainList = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((d) => d.trim())
      .filter((d) => d !== ''),
  )
  .pipe(z.array(domain));

/** The variables of docs/rules.md §7, part of the one configuration schema (`shared/app/config.ts`). */
export const trustEnvShape = {
  EMAIL_DOT_INSENSITIVE_DOMAINS: domainList.pipe(z.array(domain).min(1)).default([...defaultDotInsensitiveDomains]),
  DISPOSABLE_EMAIL_DOMAINS: domainList.default([]),
  REVIEW_VELOCITY_PER_DAY: z.coerce.number().int().min(1).default(20),
  PII_HASH_SECRET: z.string().min(32, 'must be at least 32 characters').default(devPiiHashSecret),
};

type TrustEnv = z.infer<z.ZodObject<typeof trustEnvShape>>;

/** What production refuses of §7's configuration: the development hash key. */
export function trustProductionProblems(e: TrustEnv): string[] {
  return e.PII_HASH_SECRET === devPiiHashSecret
    ? ['PII_HASH_SECRET: required when NODE_ENV=production (the development key is refused)']
    : [];
}

/** The rules of docs/rules.md §7 from the parsed variables. */
export function trustRules(e: TrustEnv): TrustRules {
  return {
    dotInsensitiveDomains: e.EMAIL_DOT_INSENSITIVE_DOMAINS,
    extraDisposableDomains: new Set(e.DISPOSABLE_EMAIL_DOMAINS),
    reviewVelocityPerDay: e.REVIEW_VELOCITY_PER_DAY,
    piiHashSecret: e.PII_HASH_SECRET,
  };
}
