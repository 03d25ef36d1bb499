import { step, type Context } from '../core/context.js';
import { clawBackReward } from './credit-referrer.js';
import { finishRelease, releaseAppliedUsage } from './release-referral.js';
import { endPatch, referralEvent, referrerNotification, syncAndAnnounce } from './usage-effects.js';
import type { Usage } from './usage.js';
import { closedByRefund } from './review-state.js';

/** A refund of a deal's payment. */
export interface DealRefund {
  deal_id: string;
  payment_id: string;
}

/**
 * `payment.refunded` (docs/rules.md §2.4): a converted usage is reversed and what is left of its reward
 * clawed back; an applied usage of an unpaid deal is released. A refund during a credit hold
 * cancels the pending credit (§6): no ledger entry, no shortfall. A redelivery finds the ended
 * usage and finishes what a crash left undone.
 */
export async function reverseReferral(ctx: Context, refund: DealRefund): Promise<Usage | null> {
  const { usages } = ctx.stores;
  const live = await usages.findLiveUsageByDeal(refund.deal_id);
  if (!live) {
    let last = (await usages.listUsagesByDeal(refund.deal_id))[0];
    // A case a refund left open (before cases were closed with the reversal) is closed on redelivery.
    if (last?.state === 'reversed' && last.review?.status === 'open') last = (await closeRefundedReview(ctx, last)) ?? last;
    if (last?.state === 'reversed') await finishReversal(ctx, last, refund);
    if (last?.state === 'released' && last.end_reason === 'refunded') await finishRelease(ctx, last);
    return last ?? null;
  }
  if (live.state === 'applied') return releaseAppliedUsage(ctx, live, 'refunded');
  const end = endPatch(live, 'reversed', 'refunded', ctx.clock.now());
  // A pending credit is cancelled only while still pending, a credit under review only while its
  // case is open (the case closes with it, so queue and usage agree): if a release or a decision
  // won the race, the usage is reversed as it then stands (a credit clawed back) on the next pass.
  const inReview = live.credit_status === 'review' && live.review?.status === 'open';
  const reversed =
    live.credit_status === 'pending'
      ? await usages.transitionUsage(live, ['converted'], { ...end, credit_status: 'cancelled', credit_available_at: null }, 'pending')
      : inReview && live.review
        ? await usages.transitionUsage(
            live,
            ['converted'],
            { ...end, credit_status: 'cancelled', review: closedByRefund(live.review, end.updated_at) },
            'review',
          )
        : await usages.transitionUsage(live, ['converted'], end);
  if (!reversed) {
    const now = await usages.getUsage(live.usage_id);
    return now?.state === 'converted' && now.credit_status !== live.credit_status ? reverseReferral(ctx, refund) : now;
  }
  step(ctx, 'usage-reversed');
  await finishReversal(ctx, reversed, refund);
  return reversed;
}

/**
 * Closes the open case of a usage already reversed (version-guarded: of racing closes one
 * writes); the usage as it then stands, or null when another write changed it first.
 */
export async function closeRefundedReview(ctx: Context, usage: Usage): Promise<Usage | null> {
  if (usage.state !== 'reversed' || usage.review?.status !== 'open') return usage;
  const now = ctx.clock.now().toISOString();
  const closed = await ctx.stores.usages.transitionUsage(
    usage,
    ['reversed'],
    { credit_status: 'cancelled', review: closedByRefund(usage.review, now), updated_at: now },
    'review',
  );
  return closed ?? (await ctx.stores.usages.getUsage(usage.usage_id));
}

async function finishReversal(ctx: Context, usage: Usage, refund: DealRefund): Promise<void> {
  if (usage.credit_status === 'credited' && ctx.rules.clawbackOnRefund) await clawBackReward(ctx, usage, `refund:${refund.payment_id}`);
  step(ctx, 'points-clawed-back');
  await syncAndAnnounce(ctx, usage, [
    referrerNotification('referral.reversed', usage, {
      usage_id: usage.usage_id,
      deal_id: usage.deal_id,
      referral_code: usage.referral_code,
    }),
    referralEvent('referral.reversed', usage),
  ]);
}
