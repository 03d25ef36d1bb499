import { z } from 'zod';
import { termsVersionFields } from '../programme/terms.js';
import { creditStatuses, usageStates } from '../usages/usage.js';
import { reviewReasons, reviewStatuses } from '../usages/review-state.js';

const money = z.object({ amount: z.number().int(), currency: z.string() });
const stats = z.object({
  total_uses: z.number().int(),
  successful_referrals: z.number().int(),
  pending_referrals: z.number().int(),
  total_points_earned: z.number().int(),
  total_discount_given: z.number().int(),
});
const allocation = z.object({ lot_id: z.string(), points: z.number().int() });

/** The error body of every 4xx and 5xx. */
export const errorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) });

/** A referral code with status and stats. */
export const referralCodeViewSchema = z.object({
  referral_code: z.string(),
  status: z.enum(['active', 'inactive']),
  generated_at: z.string(),
  first_payment_deal_id: z.string(),
  stats,
  deactivated_at: z.string().nullable(),
  deactivation_reason: z.string().nullable(),
  deactivated_by: z.string().nullable(),
});

/** The answer of validate. */
export const validateResponseSchema = z.union([
  z.object({ eligible: z.literal(true), discount: money }),
  z.object({ eligible: z.literal(false), reason: z.object({ code: z.string(), message: z.string() }) }),
]);

/** A usage as apply and release answer it. */
export const usageResponseSchema = z.object({
  usage_id: z.string(),
  referral_code: z.string(),
  deal_id: z.string(),
  status: z.string(),
  discount: money,
  /** The share-link click the usage came by (docs/rules.md §8), or null. */
  click_id: z.string().nullable(),
});

/** `GET /v1/points`. */
export const pointsResponseSchema = z.object({
  balance: z.number().int(),
  lots: z.array(
    z.object({
      lot_id: z.string(),
      points: z.number().int(),
      remaining: z.number().int(),
      credited_at: z.string(),
      expires_at: z.string(),
      status: z.string(),
    }),
  ),
  expiring_soon: z.object({ points: z.number().int(), before: z.string() }),
  pending: z.array(z.object({ usage_id: z.string(), points: z.number().int(), available_at: z.string() })),
});

/** One ledger entry. */
export const ledgerEntrySchema = z.object({
  entry_id: z.string(),
  customer_id: z.string(),
  type: z.enum(['CREDIT', 'REDEEM', 'REDEEM_REVERSAL', 'EXPIRE', 'CLAWBACK', 'ADJUST']),
  points: z.number().int(),
  balance_after: z.number().int(),
  seq: z.number().int(),
  lots: z.array(allocation),
  cause: z.object({ type: z.string() }).passthrough(),
  actor: z.string(),
  created_at: z.string(),
  shortfall: z.number().int().optional(),
  reverses: z.string().optional(),
  request_hash: z.string().optional(),
});

/** `GET /v1/points/ledger`. */
export const ledgerPageSchema = z.object({ entries: z.array(ledgerEntrySchema), next_cursor: z.string().nullable() });

/** A redemption. */
export const redemptionResponseSchema = z.object({
  redemption_id: z.string(),
  points: z.number().int(),
  deal_id: z.string(),
  balance_after: z.number().int(),
  allocations: z.array(allocation),
  status: z.enum(['active', 'reversed']),
});

/** `GET /v1/referrals`: the caller's referrals, newest first. */
export const referralsPageSchema = z.object({
  referrals: z.array(
    z.object({
      usage_id: z.string(),
      referee_name: z.string().nullable(),
      state: z.enum(usageStates),
      credit_status: z.enum(creditStatuses),
      credit_status_label: z.string(),
      available_at: z.string().optional(),
      points: z.number().int(),
      applied_at: z.string(),
      converted_at: z.string().nullable(),
    }),
  ),
  next_cursor: z.string().nullable(),
});

/** `GET /v1/admin/reviews`: review cases, oldest first. */
export const reviewsPageSchema = z.object({
  reviews: z.array(
    z.object({
      usage_id: z.string(),
      referral_code: z.string(),
      referrer_id: z.string(),
      referee_id: z.string(),
      deal_id: z.string(),
      points: z.number().int(),
      credit_status: z.enum(creditStatuses),
      reasons: z.array(z.enum(reviewReasons)),
      status: z.enum(reviewStatuses),
      opened_at: z.string(),
      converted_at: z.string().nullable(),
      decided_by: z.string().nullable(),
      decided_at: z.string().nullable(),
      decision_reason: z.string().nullable(),
    }),
  ),
  next_cursor: z.string().nullable(),
});

/** Admin answers that are documents of their own shape. */
export const objectResponseSchema = z.object({}).passthrough();

/** A version of the programme terms. */
export const termsVersionSchema = z.object({
  ...termsVersionFields,
  referee_discount: money,
  referrer_reward_points: z.number().int(),
  points_validity_months: z.number().int(),
  credit_hold_days: z.number().int(),
  max_referrals_per_referrer: z.number().int().nullable(),
  referee_must_be_new: z.boolean(),
  milestones: z.array(z.object({ successful_referrals: z.number().int(), bonus_points: z.number().int() })),
});

/** `GET /v1/admin/programme/terms`. */
export const termsListSchema = z.object({
  in_force: z.string(),
  terms: z.array(termsVersionSchema.extend({ status: z.enum(['past', 'in_force', 'scheduled', 'withdrawn']), in_force: z.boolean() })),
});
