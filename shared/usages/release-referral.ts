import { fail, type Result } from '../core/result.js';
import { step, type Context } from '../core/context.js';
import { endPatch, referralEvent, syncAndAnnounce } from './usage-effects.js';
import type { Usage } from './usage.js';

/**
 * The referee removes the code from an unpaid deal: the usage is released, the stats reversed,
 * and the referee may apply a code again. Repeating a release that succeeded returns that usage.
 */
export async function releaseReferral(ctx: Context, refereeId: string, dealId: string): Promise<Result<Usage>> {
  const { usages } = ctx.stores;
  const live = await usages.findLiveUsageByDeal(dealId);
  if (!live || live.referee_id !== refereeId) {
    const last = (await usages.listUsagesByDeal(dealId))[0];
    if (!live && last?.referee_id === refereeId && last.state === 'released' && last.end_reason === 'removed_by_referee') {
      return finishRelease(ctx, last);
    }
    return fail('REFERRAL_NOT_FOUND', `Deal ${dealId} carries no referral code of yours`);
  }
  if (live.state === 'converted') return fail('DEAL_ALREADY_CONVERTED', `Deal ${dealId} is paid; its referral can no longer be removed`);
  const released = await usages.transitionUsage(live, ['applied'], endPatch(live, 'released', 'removed_by_referee', ctx.clock.now()));
  if (!released) return fail('DEAL_ALREADY_CONVERTED', `Deal ${dealId} was paid meanwhile`);
  step(ctx, 'usage-released');
  return finishRelease(ctx, released);
}

/** Releases an applied usage for a reason other than the referee's (a refund before payment). */
export async function releaseAppliedUsage(ctx: Context, usage: Usage, reason: string): Promise<Usage | null> {
  const released = await ctx.stores.usages.transitionUsage(usage, ['applied'], endPatch(usage, 'released', reason, ctx.clock.now()));
  if (released) await finishRelease(ctx, released);
  return released;
}

/** Queues the deal sync and announces a release; safe to repeat. */
export async function finishRelease(ctx: Context, released: Usage): Promise<Result<Usage>> {
  await syncAndAnnounce(ctx, released, [referralEvent('referral.released', released, { reason: released.end_reason })]);
  return { ok: true, value: released };
}
