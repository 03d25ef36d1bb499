import type { ReferralStats } from '../customers/customer.js';
import type { UsageReview } from './review-state.js';

/** Usage states: `applied` → `converted` → `reversed`, or `applied` → `released`. */
export const usageStates = ['applied', 'converted', 'released', 'reversed'] as const;
/** One of {@link usageStates}. */
export type UsageState = (typeof usageStates)[number];

/**
 * What became of the referrer's reward for a converted usage: `pending` while a credit hold runs
 * (§6), `cancelled` when a refund ended the usage during its hold; `review` while a review case
 * holds it and `rejected` when the case closed without a credit (§7).
 */
export const creditStatuses = ['none', 'credited', 'withheld', 'pending', 'cancelled', 'review', 'rejected'] as const;
/** One of {@link creditStatuses}. */
export type CreditStatus = (typeof creditStatuses)[number];

/** One application of a code to a deal (MongoDB `referral_usages`). */
export interface Usage {
  usage_id: string;
  referral_code: string;
  referrer_id: string;
  referee_id: string;
  deal_id: string;
  state: UsageState;
  discount: { amount: number; currency: string };
  reward_points: number;
  /** The programme terms in force when the code was applied; the usage keeps their promise (§6). */
  terms_id: string;
  /** Validity of the reward lot, from the usage's terms; null on usages written before terms were stored (the environment's). */
  points_validity_months: number | null;
  /** The usage's credit hold in days, from its terms. */
  credit_hold_days: number;
  credit_status: CreditStatus;
  /** While `pending`: when the held credit is released. */
  credit_available_at: string | null;
  /**
   * Set with a hold and cleared once its release is complete: the release sweep finds usages by
   * it, including one a crash stopped between crediting and clearing.
   */
  hold_due_at: string | null;
  /** Who released a withheld credit, and when. */
  credit_released: { by: string; at: string } | null;
  /**
   * `deal_id` while live, `dead:<usage_id>` after; a plain unique index on it lets the
   * database settle "one live usage per deal" without partial indexes or transactions.
   */
  live_deal_key: string;
  /** The same for "one live usage per referee". */
  live_referee_key: string;
  applied_at: string;
  converted_at: string | null;
  ended_at: string | null;
  end_reason: string | null;
  payment_id: string | null;
  /** The review case when a signal held the credit at conversion (docs/rules.md §7); absent or null otherwise. */
  review?: UsageReview | null;
  /** The share-link click the referee came by (docs/rules.md §9), when the apply named one of this code; absent or null otherwise. */
  click_id?: string | null;
  version: number;
  updated_at: string;
}

/** Whether a usage still holds its deal and referee. */
export function isLive(state: UsageState): boolean {
  return state === 'applied' || state === 'converted';
}

/** The key a dead usage takes in place of its deal or referee. */
export function deadKey(usageId: string): string {
  return `dead:${usageId}`;
}

/** What one usage contributes to its referrer's stats. */
export function statsContribution(u: Pick<Usage, 'state' | 'credit_status' | 'discount' | 'reward_points'>): ReferralStats {
  const live = isLive(u.state);
  return {
    total_uses: live ? 1 : 0,
    pending_referrals: u.state === 'applied' ? 1 : 0,
    successful_referrals: u.state === 'converted' ? 1 : 0,
    total_discount_given: live ? u.discount.amount : 0,
    total_points_earned: u.state === 'converted' && u.credit_status === 'credited' ? u.reward_points : 0,
  };
}

/** Sums what the given usages contribute: the stats as the usages say. */
export function recountStats(usages: readonly Usage[]): ReferralStats {
  const total: ReferralStats = {
    total_uses: 0,
    successful_referrals: 0,
    pending_referrals: 0,
    total_points_earned: 0,
    total_discount_given: 0,
  };
  for (const u of usages) {
    const c = statsContribution(u);
    for (const k of Object.keys(total) as Array<keyof ReferralStats>) total[k] += c[k];
  }
  return total;
}
