import { createHash } from 'node:crypto';
import { fail, type Result } from '../core/result.js';
import type { Context } from '../core/context.js';
import { termsId, valuesOf, type ScheduleTermsBody, type TermsValues, type TermsVersion } from './terms.js';

/** Where a version stands at an instant. */
export type TermsStatus = 'past' | 'in_force' | 'scheduled' | 'withdrawn';

/** A version as the admin API lists it. */
export type ListedTerms = TermsVersion & { status: TermsStatus; in_force: boolean };

/** Every version, version 1 (the environment's) first, the one in force now marked. */
export async function listTerms(ctx: Context): Promise<{ in_force: string; terms: ListedTerms[] }> {
  const now = ctx.clock.now().toISOString();
  const stored = await ctx.stores.terms.list();
  // The version in force, from the list itself: the latest start at or before now (ties by number).
  const started = stored.filter((v) => !v.withdrawn && v.effective_from <= now);
  const inForce = started.reduce<TermsVersion>(
    (a, v) => (v.effective_from > a.effective_from || (v.effective_from === a.effective_from && v.version > a.version) ? v : a),
    ctx.terms.environment,
  );
  const status = (v: TermsVersion): TermsStatus =>
    v.withdrawn ? 'withdrawn' : v.terms_id === inForce.terms_id ? 'in_force' : v.effective_from > now ? 'scheduled' : 'past';
  const all = [ctx.terms.environment, ...stored];
  return { in_force: inForce.terms_id, terms: all.map((v) => ({ ...v, status: status(v), in_force: v.terms_id === inForce.terms_id })) };
}

/** A scheduled version, and whether this call made it (false for a repeat of the same request). */
export interface ScheduledTerms {
  terms: TermsVersion;
  created: boolean;
}

const attempts = 20;

/**
 * Schedules a version (`POST /v1/admin/programme/terms`). Fields the request leaves out keep the
 * values in force now. `effective_from` must not be in the past: a version never rewrites what
 * applications already promised. A repeat with the same `Idempotency-Key` and body answers the
 * same version; the key with another body is `IDEMPOTENCY_CONFLICT`.
 */
export async function scheduleTerms(ctx: Context, body: ScheduleTermsBody, key: string, actor: string): Promise<Result<ScheduledTerms>> {
  const { terms } = ctx.stores;
  const requestHash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
  const replay = async (): Promise<Result<ScheduledTerms> | null> => {
    const earlier = await terms.findByIdempotencyKey(key);
    if (!earlier) return null;
    if (earlier.request_hash !== requestHash) {
      return fail('IDEMPOTENCY_CONFLICT', 'This Idempotency-Key was used with a different request', {
        details: { terms_id: earlier.terms_id },
      });
    }
    return { ok: true, value: { terms: earlier, created: false } };
  };
  const repeated = await replay();
  if (repeated) return repeated;
  const now = ctx.clock.now();
  const from = new Date(body.effective_from);
  if (from.getTime() < now.getTime()) {
    return fail('INVALID_REQUEST', `Invalid request: body.effective_from must not be in the past (now is ${now.toISOString()})`, {
      details: { fields: [{ field: 'body.effective_from', problem: 'must not be in the past' }] },
    });
  }
  const { effective_from: _from, reason, ...given } = body;
  const base = valuesOf(await ctx.terms.inForce(ctx.clock));
  const values: TermsValues = { ...base, ...given };
  if (values.referee_discount.currency !== ctx.rules.refereeDiscount.currency) {
    return fail('INVALID_REQUEST', `Invalid request: body.referee_discount.currency must be ${ctx.rules.refereeDiscount.currency}`, {
      details: { fields: [{ field: 'body.referee_discount.currency', problem: `must be ${ctx.rules.refereeDiscount.currency}` }] },
    });
  }
  let number = (await terms.highestVersion()) + 1;
  for (let i = 0; i < attempts; i += 1) {
    const version: TermsVersion = {
      ...values,
      terms_id: termsId(number),
      version: number,
      effective_from: from.toISOString(),
      reason,
      created_by: actor,
      created_at: now.toISOString(),
      idempotency_key: key,
      request_hash: requestHash,
      withdrawn: null,
    };
    const outcome = await terms.insert(version);
    if (outcome === 'inserted') {
      ctx.terms.invalidate();
      ctx.logger.log('INFO', `programme terms ${version.terms_id} scheduled`, {
        audit: { action: 'terms.scheduled', terms_id: version.terms_id, effective_from: version.effective_from, by: actor, reason },
      });
      return { ok: true, value: { terms: version, created: true } };
    }
    // A racing request took the number, or this very request won under another number.
    const raced = await replay();
    if (raced) return raced;
    number += 1;
  }
  throw new Error(`Could not number a programme terms version after ${attempts} attempts`);
}

/**
 * Withdraws a version that has not started (`DELETE /v1/admin/programme/terms/{terms_id}`); one in
 * force or past is `TERMS_ALREADY_IN_FORCE`. Withdrawing again answers the withdrawn version.
 */
export async function withdrawTerms(ctx: Context, id: string, actor: string): Promise<Result<TermsVersion>> {
  const now = ctx.clock.now().toISOString();
  if (id === ctx.terms.environment.terms_id)
    return fail('TERMS_ALREADY_IN_FORCE', `Terms ${id} are the environment's and started at the epoch`);
  const withdrawn = await ctx.stores.terms.withdraw(id, now, actor);
  const current = withdrawn ?? (await ctx.stores.terms.get(id));
  if (!current) return fail('TERMS_NOT_FOUND', `No programme terms ${id}`);
  if (current.withdrawn) {
    if (withdrawn) {
      ctx.terms.invalidate();
      ctx.logger.log('INFO', `programme terms ${id} withdrawn`, { audit: { action: 'terms.withdrawn', terms_id: id, by: actor, at: now } });
    }
    return { ok: true, value: current };
  }
  return fail('TERMS_ALREADY_IN_FORCE', `Terms ${id} came into force at ${current.effective_from} and can no longer be withdrawn`, {
    details: { effective_from: current.effective_from },
  });
}
