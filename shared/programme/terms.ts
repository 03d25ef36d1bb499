import { z } from 'zod';
import type { Rules } from '../core/rules.js';

/** A one-time bonus when a referrer's converted, credited usages first reach `successful_referrals`. */
export interface Milestone {
  successful_referrals: number;
  bonus_points: number;
}

/** The offer: the values of docs/rules.md §2 that marketing may change without a deploy (§6). */
export interface TermsValues {
  referee_discount: { amount: number; currency: string };
  referrer_reward_points: number;
  points_validity_months: number;
  credit_hold_days: number;
  /** Cap on applied + converted usages per referrer; null means unlimited. */
  max_referrals_per_referrer: number | null;
  referee_must_be_new: boolean;
  milestones: Milestone[];
}

/** One version of the terms (MongoDB `programme_terms`): inserted, never edited; a version not yet in force may be withdrawn. */
export interface TermsVersion extends TermsValues {
  /** `terms-<n>`; `terms-1` is the environment's values. */
  terms_id: string;
  version: number;
  /** When it comes into force (UTC, as `toISOString` writes it, so instants sort as strings). */
  effective_from: string;
  reason: string;
  created_by: string;
  created_at: string;
  /** The `Idempotency-Key` it was scheduled with, and a hash of that request; null for version 1. */
  idempotency_key: string | null;
  request_hash: string | null;
  withdrawn: { by: string; at: string } | null;
}

/** The id of the version with number `n`. */
export function termsId(n: number): string {
  return `terms-${n}`;
}

/** The environment's values as version 1, in force from the epoch until a stored version starts. */
export function environmentTerms(rules: Rules): TermsVersion {
  return {
    terms_id: termsId(1),
    version: 1,
    effective_from: new Date(0).toISOString(),
    reason: 'the environment configuration',
    created_by: 'environment',
    created_at: new Date(0).toISOString(),
    idempotency_key: null,
    request_hash: null,
    withdrawn: null,
    referee_discount: { ...rules.refereeDiscount },
    referrer_reward_points: rules.referrerRewardPoints,
    points_validity_months: rules.pointsValidityMonths,
    credit_hold_days: rules.creditHoldDays,
    max_referrals_per_referrer: rules.maxReferralsPerReferrer,
    referee_must_be_new: rules.refereeMustBeNew,
    milestones: rules.milestones.map((m) => ({ ...m })),
  };
}

/** Just the offer's values of a version. */
export function valuesOf(t: TermsValues): TermsValues {
  return {
    referee_discount: { ...t.referee_discount },
    referrer_reward_points: t.referrer_reward_points,
    points_validity_months: t.points_validity_months,
    credit_hold_days: t.credit_hold_days,
    max_referrals_per_referrer: t.max_referrals_per_referrer,
    referee_must_be_new: t.referee_must_be_new,
    milestones: t.milestones.map((m) => ({ ...m })),
  };
}

const points = z.number().int().min(1).max(1_000_000_000);

/** Milestones: at most 20, each count at most once, in any order (stored sorted by count). */
export const milestonesSchema = z
  .array(z.object({ successful_referrals: z.number().int().min(1).max(1_000_000), bonus_points: points }).strict())
  .max(20)
  .refine((ms) => new Set(ms.map((m) => m.successful_referrals)).size === ms.length, 'each successful_referrals at most once')
  .transform((ms) => [...ms].sort((a, b) => a.successful_referrals - b.successful_referrals));

/** Every field of the offer, each validated; a request may leave any out (it keeps the value in force). */
export const termsValuesSchema = z
  .object({
    referee_discount: z.object({ amount: z.number().int().min(0).max(1_000_000_000), currency: z.string().regex(/^[A-Z]{3}$/) }).strict(),
    referrer_reward_points: points,
    points_validity_months: z.number().int().min(1).max(120),
    credit_hold_days: z.number().int().min(0).max(365),
    max_referrals_per_referrer: z.number().int().min(1).max(1_000_000).nullable(),
    referee_must_be_new: z.boolean(),
    milestones: milestonesSchema,
  })
  .strict();

/** `POST /v1/admin/programme/terms`. */
export const scheduleTermsBodySchema = termsValuesSchema.partial().extend({
  effective_from: z.iso.datetime({ offset: true }),
  reason: z.string().max(500).regex(/\S/, 'must not be blank'),
});

/** What `POST /v1/admin/programme/terms` was asked. */
export type ScheduleTermsBody = z.infer<typeof scheduleTermsBodySchema>;

/** What a stored version has beside its values: its number, start, audit and withdrawal. */
export const termsVersionFields = {
  terms_id: z.string(),
  version: z.number().int(),
  effective_from: z.string(),
  reason: z.string(),
  created_by: z.string(),
  created_at: z.string(),
  idempotency_key: z.string().nullable(),
  request_hash: z.string().nullable(),
  withdrawn: z.object({ by: z.string(), at: z.string() }).nullable(),
};
