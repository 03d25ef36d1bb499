import { z } from 'zod';
import { termsVersionFields } from '../programme/terms.js';
import { creditStatuses, usageStates } from '../usages/usage.js';
import { reviewReasons, reviewStatuses } from '../usages/review-state.js';
import { usageSides } from '../usages/customer-usages.js';
import { matchKinds } from '../customers/search-customers.js';
import { auditActions } from '../audit/audit-entry.js';

const money = z.object({ amount: z.number().int(), currency: z.string() });
const stats = z.object({
  total_uses: z.number().int(),
  successful_referrals: z.number().int(),
  pending_referrals: z.number().int(),
  total_points_earned: z.number().int(),
  total_discount_given: z.number().int(),
});
const reviewEvidence = z.object({
  disposable_domain: z.string().nullable(),
  shared_payment_with: z.array(z.string()),
  conversions_24h: z.number().int().nullable(),
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
  /** The share-link click the usage came by (docs/rules.md §9), or null. */
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
  /** A `REDEEM`'s and `REDEEM_REVERSAL`'s cause names the redemption (`POST /v1/points/redemptions/{redemption_id}/reverse`). */
  cause: z.object({ type: z.string(), redemption_id: z.string().optional() }).passthrough(),
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
      evidence: z
        .object({
          disposable_domain: z.string().nullable(),
          shared_payment_with: z.array(z.string()),
          conversions_24h: z.number().int().nullable(),
        })
        .nullable(),
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

/** `GET /v1/admin/customers?query=`: the customers a handle finds, strongest match first. */
export const customerSearchSchema = z.object({
  matches: z.array(
    z.object({
      customer_id: z.string(),
      name: z.string().nullable(),
      code: z.string().nullable(),
      code_status: z.enum(['active', 'inactive']).nullable(),
      status: z.enum(['active', 'disabled', 'erased']),
      matched_by: z.enum(matchKinds),
    }),
  ),
});

const reviewCase = z.object({
  reasons: z.array(z.enum(reviewReasons)),
  evidence: reviewEvidence.nullish(),
  status: z.enum(reviewStatuses),
  opened_at: z.string(),
  decided_by: z.string().nullable(),
  decided_at: z.string().nullable(),
  decision_reason: z.string().nullable(),
});

/** `GET /v1/admin/customers/{customer_id}/usages`: one side of a customer's usages, newest first. */
export const customerUsagesPageSchema = z.object({
  usages: z.array(
    z.object({
      usage_id: z.string(),
      side: z.enum(usageSides),
      other_party_id: z.string(),
      deal_id: z.string(),
      state: z.enum(usageStates),
      credit_status: z.enum(creditStatuses),
      credit_available_at: z.string().nullable(),
      review: reviewCase.nullable(),
      points: z.number().int(),
      discount: money,
      applied_at: z.string(),
      converted_at: z.string().nullable(),
      ended_at: z.string().nullable(),
      end_reason: z.string().nullable(),
    }),
  ),
  next_cursor: z.string().nullable(),
});

/** `GET /v1/admin/customers/{customer_id}/audit`: admin actions on a customer, newest first. */
export const auditPageSchema = z.object({
  entries: z.array(
    z.object({
      audit_id: z.string(),
      customer_id: z.string(),
      action: z.enum(auditActions),
      actor: z.string(),
      at: z.string(),
      reason: z.string().nullable(),
      target: z.string().nullable(),
      outcome: z.string(),
    }),
  ),
  next_cursor: z.string().nullable(),
});

/** `GET /v1/admin/customers/{customer_id}`: what the support console's customer page shows first. */
export const customerOverviewSchema = z.object({
  customer: z
    .object({
      customer_id: z.string(),
      name: z.string().nullable(),
      email: z.string().nullable(),
      phone_number: z.string().nullable(),
      is_disabled: z.boolean(),
      disabled_logs: z.array(
        z.object({ action: z.enum(['disabled', 'enabled']), reason: z.string().nullable(), actor: z.string(), at: z.string() }),
      ),
      paid_deal_ids: z.array(z.string()),
      referral_code: referralCodeViewSchema.nullable(),
      erasure: z
        .object({
          email_hash: z.string().nullable(),
          phone_hash: z.string().nullable(),
          email_disposable: z.boolean(),
          erased_at: z.string(),
          erased_by: z.string(),
          reason: z.string(),
        })
        .nullable(),
    })
    .passthrough(),
  status: z.enum(['active', 'disabled', 'erased']),
  stats,
  usages: z.object({ as_referrer: z.array(z.object({}).passthrough()), as_referee: z.array(z.object({}).passthrough()) }),
  wallet: pointsResponseSchema.extend({ recent_entries: z.array(ledgerEntrySchema) }),
});
