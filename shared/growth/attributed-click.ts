import type { Context } from '../core/context.js';

/**
 * The click an apply may keep: one that exists and was a click of the code applied. Any other id
 * (stale, another code's, made up) is dropped, not refused, so attribution never fails an apply.
 */
export async function attributedClick(ctx: Context, clickId: string | null, code: string): Promise<string | null> {
  if (clickId === null) return null;
  const click = await ctx.stores.clicks.getClick(clickId);
  if (click?.referral_code === code) return clickId;
  ctx.logger.log('INFO', 'click_id not kept: no click of this code has it', { click_id: clickId });
  return null;
}
