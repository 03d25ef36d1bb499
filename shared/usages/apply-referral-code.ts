import { randomUUID } from 'node:crypto';
import { fail, type Result } from '../core/result.js';
import { normalizeReferralCode } from '../referral-codes/code-format.js';
import { step, type Context } from '../core/context.js';
import { checkEligibility } from './check-eligibility.js';
import { endPatch, referralEvent, referrerNotification, syncAndAnnounce } from './usage-effects.js';
import type { TermsVersion } from '../programme/terms.js';
import type { Usage } from './usage.js';
import { attributedClick } from '../growth/attributed-click.js';

/** A referee's request to apply a code to one of their deals. */
export interface ApplyRequest {
  refereeId: string;
  code: string;
  dealId: string;
  /** The share-link click the referee came by, if the client kept it (docs/rules.md §9). */
  clickId?: string | null;
}

/** The usage, and whether this call created it (false for a repeat of an earlier success). */
export interface ApplyOutcome {
  usage: Usage;
  created: boolean;
}

/** Runs every check of an apply without changing anything (`POST .../validate`). */
export async function validateReferralCode(ctx: Context, req: ApplyRequest): Promise<Result<{ discount: Usage['discount'] }>> {
  const live = await ctx.stores.usages.findLiveUsageByReferee(req.refereeId);
  const code = normalizeReferralCode(req.code);
  if (live && isRepeat(live, code, req.dealId)) return { ok: true, value: { discount: live.discount } };
  const terms = await ctx.terms.inForce(ctx.clock);
  const checked = await checkEligibility(ctx, { ...req, code }, live, ctx.clock.now(), terms);
  return checked.ok ? { ok: true, value: { discount: { ...terms.referee_discount } } } : checked;
}

/**
 * Applies a code to a deal (docs/rules.md §2.2) under the programme terms in force now, which the
 * usage records (§6): nothing done to the terms later changes what it promised. A repeat of an earlier success returns that usage
 * before any check; races for one referee or one deal are settled by the usage store's
 * unique live keys, so exactly one wins.
 */
export async function applyReferralCode(ctx: Context, req: ApplyRequest): Promise<Result<ApplyOutcome>> {
  const { usages } = ctx.stores;
  const now = ctx.clock.now();
  const code = normalizeReferralCode(req.code);
  const terms = await ctx.terms.inForce(ctx.clock);
  const live = await usages.findLiveUsageByReferee(req.refereeId);
  if (live && isRepeat(live, code, req.dealId)) return finishApply(ctx, live, false, terms);
  const checked = await checkEligibility(ctx, { ...req, code }, live, now, terms);
  if (!checked.ok) return checked;
  const { referrer, deal } = checked.value;
  const usageId = `use_${randomUUID()}`;
  const usage: Usage = {
    usage_id: usageId,
    referral_code: checked.value.code,
    referrer_id: referrer.customer_id,
    referee_id: req.refereeId,
    deal_id: deal.deal_id,
    state: 'applied',
    discount: { ...terms.referee_discount },
    reward_points: terms.referrer_reward_points,
    terms_id: terms.terms_id,
    points_validity_months: terms.points_validity_months,
    credit_hold_days: terms.credit_hold_days,
    credit_status: 'none',
    credit_available_at: null,
    hold_due_at: null,
    credit_released: null,
    live_deal_key: deal.deal_id,
    live_referee_key: req.refereeId,
    applied_at: now.toISOString(),
    converted_at: null,
    ended_at: null,
    end_reason: null,
    payment_id: null,
    click_id: await attributedClick(ctx, req.clickId ?? null, checked.value.code),
    version: 1,
    updated_at: now.toISOString(),
  };
  const inserted = await usages.insertUsage(usage);
  if (inserted === 'referee_taken') {
    const winner = await usages.findLiveUsageByReferee(req.refereeId);
    if (winner && isRepeat(winner, code, req.dealId)) return finishApply(ctx, winner, false, terms);
    return fail('REFEREE_ALREADY_REFERRED', `Customer ${req.refereeId} has already used a referral code`);
  }
  if (inserted === 'deal_taken') return fail('DEAL_ALREADY_HAS_CODE', `Deal ${req.dealId} already carries a referral code`);
  step(ctx, 'usage-inserted');
  return finishApply(ctx, usage, true, terms);
}

function isRepeat(live: Usage, code: string | null, dealId: string): boolean {
  return live.referral_code === code && live.deal_id === dealId;
}

/**
 * Within the referrer's limit, if one is set: of the referrer's live usages, in the order they were
 * applied, only the first `max` stand. Racing applies all see the same order, so exactly `max` win.
 */
async function withinReferrerLimit(ctx: Context, usage: Usage, max: number | null): Promise<boolean> {
  if (max === null) return true;
  // Its rank among the referrer's live usages, counted by the store: one count, whatever the history.
  return (await ctx.stores.usages.countLiveByReferrer(usage.referrer_id, usage)) < max;
}

/** Keeps the usage within the referrer's limit, queues the deal sync and announces the usage. */
async function finishApply(ctx: Context, usage: Usage, created: boolean, terms: TermsVersion): Promise<Result<ApplyOutcome>> {
  if (!(await withinReferrerLimit(ctx, usage, terms.max_referrals_per_referrer))) {
    await ctx.stores.usages.transitionUsage(usage, ['applied'], endPatch(usage, 'released', 'referrer_limit_reached', ctx.clock.now()));
    return fail(
      'REFERRER_LIMIT_REACHED',
      `The owner of ${usage.referral_code} has reached the referral limit of ${terms.max_referrals_per_referrer}`,
    );
  }
  await syncAndAnnounce(ctx, usage, [
    referrerNotification('referral.code_applied', usage, {
      referral_code: usage.referral_code,
      usage_id: usage.usage_id,
      deal_id: usage.deal_id,
    }),
    referralEvent('referral.applied', usage, { discount: usage.discount, click_id: usage.click_id ?? null }),
  ]);
  return { ok: true, value: { usage, created } };
}
