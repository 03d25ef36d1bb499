import { generateReferralCode } from '#shared/referral-codes/generate-referral-code.js';
import type { Context } from '#shared/core/context.js';
import { convertReferral } from '#shared/usages/convert-referral.js';
import type { Usage } from '#shared/usages/usage.js';
import { applyToNewDeal } from '../../tools/referral-journeys.js';

let n = 0;

/** Gives a customer a referral code through their first payment; returns the code. */
export async function referrerWithCode(ctx: Context, customerId: string, name = 'Priya Das'): Promise<string> {
  n += 1;
  await ctx.stores.customers.upsertProfile(customerId, { name, email: `${customerId}@example.com` });
  const c = await generateReferralCode(ctx, {
    customer_id: customerId,
    deal_id: `first-${customerId}-${n}`,
    paid_at: ctx.clock.now().toISOString(),
  });
  return c.referral_code!.referral_code;
}

/** A new referee applies the code to a new deal; returns the applied usage. */
export async function appliedUsage(ctx: Context, code: string): Promise<Usage> {
  n += 1;
  const referee = `referee-${n}-${Math.random().toString(36).slice(2, 8)}`;
  const dealId = `deal-${n}-${Math.random().toString(36).slice(2, 8)}`;
  return applyToNewDeal(ctx, { refereeId: referee, code, dealId });
}

/** An applied usage whose deal is then paid: the referrer is credited. */
export async function convertedUsage(ctx: Context, code: string): Promise<Usage> {
  const u = await appliedUsage(ctx, code);
  const converted = await convertReferral(ctx, { deal_id: u.deal_id, customer_id: u.referee_id, payment_id: `pay-${u.deal_id}` });
  if (!converted) throw new Error('conversion found no usage');
  return converted;
}
