/**
 * Steps of a referral the bench and the tests drive through the use cases, written once so a
 * measured journey and a tested one set up the same records.
 */
import type { Context } from '#shared/core/context.js';
import { applyReferralCode } from '#shared/usages/apply-referral-code.js';
import type { Usage } from '#shared/usages/usage.js';

/** Puts an unpaid deal of `customerId` that carries no referral code yet. */
export function putOpenDeal(ctx: Context, dealId: string, customerId: string): Promise<void> {
  return ctx.stores.deals.putDeal({
    deal_id: dealId,
    customer_id: customerId,
    referral_code_applied: null,
    is_converted: false,
    sold_ts: null,
    amount: null,
  });
}

/** The referee applies `code` to a new open deal of theirs; returns the applied usage, and throws if the apply is refused. */
export async function applyToNewDeal(ctx: Context, apply: { refereeId: string; code: string; dealId: string }): Promise<Usage> {
  await putOpenDeal(ctx, apply.dealId, apply.refereeId);
  const applied = await applyReferralCode(ctx, apply);
  if (!applied.ok) throw new Error(`applying ${apply.code} to ${apply.dealId} failed: ${applied.code}`);
  return applied.value.usage;
}
