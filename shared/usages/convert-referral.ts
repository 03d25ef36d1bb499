import { fail, type Result } from '../core/result.js';
import { step, type Context } from '../core/context.js';
import { creditReferrer } from './credit-referrer.js';
import { payMilestones } from './milestones.js';
import { announce, referralEvent, referrerNotification } from './usage-effects.js';
import type { Usage } from './usage.js';
import { openReview } from './review-state.js';
import { rememberPaymentMethod, reviewSignals } from '../trust/review-signals.js';

/** A payment that completed a deal. */
export interface DealPayment {
  deal_id: string;
  customer_id: string;
  payment_id: string;
  /** The payment method's fingerprint, when the payments system gives one (docs/rules.md §7). */
  payment_method_fingerprint?: string | null | undefined;
}

/**
 * `payment.completed` for a deal with an applied usage: the usage converts and the referrer is
 * credited once, or the credit is withheld when the referrer is disabled (docs/rules.md §2.3), or,
 * when the usage's terms hold credits, it is pending until its release (§6). A credit may pay a
 * milestone bonus. Any redelivery, in any order, finds the converted usage and only finishes what
 * is missing.
 */
export async function convertReferral(ctx: Context, payment: DealPayment): Promise<Usage | null> {
  const { usages, customers } = ctx.stores;
  await rememberPaymentMethod(ctx, payment);
  const live = await usages.findLiveUsageByDeal(payment.deal_id);
  if (!live) return null;
  let usage: Usage | null = live;
  if (live.state === 'applied') {
    const referrer = await customers.getCustomer(live.referrer_id);
    const at = ctx.clock.now();
    const now = at.toISOString();
    // A disabled referrer's credit is withheld whatever the signals say; otherwise any signal holds it for review.
    const findings = referrer?.is_disabled ? null : await reviewSignals(ctx, live, payment, at);
    const reasons = findings?.reasons ?? [];
    // A credit neither withheld nor under review waits out the usage's hold, if its terms have one.
    const held =
      !referrer?.is_disabled && reasons.length === 0 && live.credit_hold_days > 0
        ? new Date(at.getTime() + live.credit_hold_days * 86_400_000).toISOString()
        : null;
    usage =
      (await usages.transitionUsage(live, ['applied'], {
        state: 'converted',
        credit_status: referrer?.is_disabled ? 'withheld' : reasons.length > 0 ? 'review' : held ? 'pending' : 'credited',
        review: findings && reasons.length > 0 ? openReview(reasons, now, findings.evidence) : null,
        credit_available_at: held,
        hold_due_at: held,
        converted_at: now,
        payment_id: payment.payment_id,
        updated_at: now,
      })) ?? (await usages.getUsage(live.usage_id));
  }
  if (usage?.state !== 'converted') return usage;
  step(ctx, 'usage-converted');
  if (usage.credit_status === 'credited') {
    await creditReferrer(ctx, usage, `payment:${payment.payment_id}`);
    step(ctx, 'points-credited');
    await payMilestones(ctx, usage.referrer_id);
  }
  const pending =
    usage.credit_status === 'pending'
      ? [
          referrerNotification('referral.points_pending', usage, {
            usage_id: usage.usage_id,
            points: usage.reward_points,
            available_at: usage.credit_available_at,
            referral_code: usage.referral_code,
          }),
        ]
      : [];
  await announce(ctx, [
    ...pending,
    referralEvent('referral.converted', usage, {
      credit_status: usage.credit_status,
      points: usage.reward_points,
      ...(usage.credit_available_at ? { available_at: usage.credit_available_at } : {}),
    }),
  ]);
  return usage;
}

/** Admin releases a credit withheld because the referrer was disabled at conversion; a repeat is answered the same. */
export async function grantWithheldCredit(ctx: Context, usageId: string, actor: string): Promise<Result<Usage>> {
  const { usages } = ctx.stores;
  const usage = await usages.getUsage(usageId);
  if (!usage) return fail('USAGE_NOT_FOUND', `No usage ${usageId}`);
  const now = ctx.clock.now().toISOString();
  const current =
    usage.state === 'converted' && usage.credit_status === 'withheld'
      ? ((await usages.transitionUsage(
          usage,
          ['converted'],
          { credit_status: 'credited', credit_released: { by: actor, at: now }, updated_at: now },
          'withheld',
        )) ?? (await usages.getUsage(usageId)))
      : usage;
  if (current?.state !== 'converted' || current.credit_status !== 'credited' || !current.credit_released) {
    return fail('CREDIT_NOT_WITHHELD', `Usage ${usageId} has no withheld credit`, {
      details: { state: current?.state, credit_status: current?.credit_status },
    });
  }
  await creditReferrer(ctx, current, actor);
  await payMilestones(ctx, current.referrer_id);
  return { ok: true, value: current };
}
