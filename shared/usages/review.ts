import { fail, type Result } from '../core/result.js';
import { step, type Context } from '../core/context.js';
import { creditReferrer } from './credit-referrer.js';
import { payMilestones } from './milestones.js';
import { usagePage } from './page-cursor.js';
import type { ReviewEvidence, ReviewReason, ReviewStatus } from './review-state.js';
import type { Usage } from './usage.js';

/** An admin's decision on a review case. */
export type ReviewDecision = 'approved' | 'rejected';

/**
 * Approves (the credit is made, once, as release-credit makes a withheld one) or rejects (no
 * credit, `credit_status: rejected`) a usage held for review (docs/rules.md §7), with who, when
 * and why. The usage store's version-guarded transition settles races: of an approval and a
 * rejection at once exactly one wins, and the other is told the outcome. A repeat of the
 * decision taken answers it again (and finishes a credit a crash left undone).
 */
export async function decideReview(
  ctx: Context,
  usageId: string,
  decision: ReviewDecision,
  actor: string,
  reason: string | null,
): Promise<Result<Usage>> {
  const { usages } = ctx.stores;
  const usage = await usages.getUsage(usageId);
  if (!usage) return fail('USAGE_NOT_FOUND', `No usage ${usageId}`);
  let current: Usage | null = usage;
  let decidedHere = false;
  if (usage.state === 'converted' && usage.credit_status === 'review' && usage.review?.status === 'open') {
    const now = ctx.clock.now().toISOString();
    const decided = await usages.transitionUsage(
      usage,
      ['converted'],
      {
        credit_status: decision === 'approved' ? 'credited' : 'rejected',
        review: { ...usage.review, status: decision, decided_by: actor, decided_at: now, decision_reason: reason },
        updated_at: now,
      },
      'review',
    );
    decidedHere = decided !== null;
    current = decided ?? (await usages.getUsage(usageId));
  }
  const outcome = current?.review?.status;
  if (!current || outcome === undefined || outcome === 'open' || outcome === 'closed') {
    return fail('USAGE_NOT_IN_REVIEW', `Usage ${usageId} has no open review case`, {
      details: { state: current?.state, credit_status: current?.credit_status, review_status: outcome ?? null },
    });
  }
  if (outcome !== decision) {
    return fail('REVIEW_ALREADY_DECIDED', `The review of usage ${usageId} was already ${outcome}`, {
      details: { outcome, decided_by: current.review?.decided_by, decided_at: current.review?.decided_at },
    });
  }
  step(ctx, 'review-decided');
  if (decidedHere) ctx.logger.log('INFO', `Review ${decision}`, { usage_id: usageId, decided_by: actor, reason });
  if (decision === 'approved' && current.state === 'converted') {
    await creditReferrer(ctx, current, actor);
    await payMilestones(ctx, current.referrer_id);
  }
  return { ok: true, value: current };
}

/** One case of the review queue. */
export interface ReviewCase {
  usage_id: string;
  referral_code: string;
  referrer_id: string;
  referee_id: string;
  deal_id: string;
  points: number;
  credit_status: Usage['credit_status'];
  reasons: ReviewReason[];
  evidence: ReviewEvidence | null;
  status: ReviewStatus;
  opened_at: string;
  converted_at: string | null;
  decided_by: string | null;
  decided_at: string | null;
  decision_reason: string | null;
}

/** A page of the review queue, oldest case first, with the cursor of the next page (null after the last). */
export async function listReviews(
  ctx: Context,
  status: ReviewStatus,
  limit: number,
  cursor: string | null,
): Promise<Result<{ reviews: ReviewCase[]; next_cursor: string | null }>> {
  const read = await usagePage(
    cursor,
    limit,
    (after, n) => ctx.stores.usages.listReviews(status, after && { opened_at: after.at, usage_id: after.usage_id }, n),
    (u) => [u.review?.opened_at ?? '', u.usage_id],
  );
  if (!read.ok) return read;
  return {
    ok: true,
    value: { reviews: read.value.items.flatMap((u) => (u.review ? [reviewCase(u, u.review)] : [])), next_cursor: read.value.next_cursor },
  };
}

function reviewCase(u: Usage, r: NonNullable<Usage['review']>): ReviewCase {
  return {
    usage_id: u.usage_id,
    referral_code: u.referral_code,
    referrer_id: u.referrer_id,
    referee_id: u.referee_id,
    deal_id: u.deal_id,
    points: u.reward_points,
    credit_status: u.credit_status,
    reasons: r.reasons,
    evidence: r.evidence ?? null,
    status: r.status,
    opened_at: r.opened_at,
    converted_at: u.converted_at,
    decided_by: r.decided_by,
    decided_at: r.decided_at,
    decision_reason: r.decision_reason,
  };
}
