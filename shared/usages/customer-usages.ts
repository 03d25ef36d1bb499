import type { Context } from '../core/context.js';
import type { Result } from '../core/result.js';
import { usagePage } from './page-cursor.js';
import type { UsageReview } from './review-state.js';
import type { Usage } from './usage.js';

/** Which side of its usages a customer's page lists: those they referred, or those they were referred by. */
export const usageSides = ['referrer', 'referee'] as const;
/** One of {@link usageSides}. */
export type UsageSide = (typeof usageSides)[number];

/**
 * A usage as the admin's customer page lists it: state, credit, the review case and its reasons,
 * points, the deal and the other party's id. No code: on a referee's page it would be the
 * referrer's, who may be erased since.
 */
export interface CustomerUsageView {
  usage_id: string;
  side: UsageSide;
  other_party_id: string;
  deal_id: string;
  state: Usage['state'];
  credit_status: Usage['credit_status'];
  credit_available_at: string | null;
  review: UsageReview | null;
  points: number;
  discount: Usage['discount'];
  applied_at: string;
  converted_at: string | null;
  ended_at: string | null;
  end_reason: string | null;
}

function view(u: Usage, side: UsageSide): CustomerUsageView {
  return {
    usage_id: u.usage_id,
    side,
    other_party_id: side === 'referrer' ? u.referee_id : u.referrer_id,
    deal_id: u.deal_id,
    state: u.state,
    credit_status: u.credit_status,
    credit_available_at: u.credit_available_at,
    review: u.review ?? null,
    points: u.reward_points,
    discount: u.discount,
    applied_at: u.applied_at,
    converted_at: u.converted_at,
    ended_at: u.ended_at,
    end_reason: u.end_reason,
  };
}

/**
 * A page of one customer's usages on one side, newest `applied_at` first (ties by id), as
 * `GET /v1/referrals` pages them: one indexed range per page, whatever the history.
 */
export async function pageCustomerUsages(
  ctx: Context,
  customerId: string,
  side: UsageSide,
  limit: number,
  cursor: string | null,
): Promise<Result<{ usages: CustomerUsageView[]; next_cursor: string | null }>> {
  const { usages } = ctx.stores;
  const read = await usagePage(
    cursor,
    limit,
    (after, n) => {
      const before = after && { applied_at: after.at, usage_id: after.usage_id };
      return side === 'referrer' ? usages.pageUsagesByReferrer(customerId, before, n) : usages.pageUsagesByReferee(customerId, before, n);
    },
    (u) => [u.applied_at, u.usage_id],
  );
  if (!read.ok) return read;
  return { ok: true, value: { usages: read.value.items.map((u) => view(u, side)), next_cursor: read.value.next_cursor } };
}
