import type { Context } from '#shared/core/context.js';
import { termsId, type TermsValues, type TermsVersion } from '#shared/programme/terms.js';

let n = 1;

/**
 * Stores terms in force since `from` (long ago by default) with the given values over the
 * environment's, and makes the context see them at once; answers the version.
 */
export async function termsInForce(ctx: Context, values: Partial<TermsValues>, from = '2000-01-01T00:00:00.000Z'): Promise<TermsVersion> {
  n += 1;
  const number = (await ctx.stores.terms.highestVersion()) + 1;
  const v: TermsVersion = {
    ...ctx.terms.environment,
    ...values,
    terms_id: termsId(number),
    version: number,
    effective_from: from,
    reason: 'test terms',
    created_by: 'test',
    created_at: from,
    idempotency_key: `test-terms-${n}-${Math.random().toString(36).slice(2)}`,
    request_hash: 'test',
    withdrawn: null,
  };
  if ((await ctx.stores.terms.insert(v)) !== 'inserted') throw new Error(`could not store ${v.terms_id}`);
  ctx.terms.invalidate();
  return v;
}
