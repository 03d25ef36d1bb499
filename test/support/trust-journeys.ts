import type { Context } from '#shared/core/context.js';
import { convertReferral } from '#shared/usages/convert-referral.js';
import type { Usage } from '#shared/usages/usage.js';
import { applyToNewDeal } from '../../tools/referral-journeys.js';

let n = 0;

/** A referee with a disposable e-mail applies the code and pays: the referrer's credit is held for review. */
export async function heldUsage(ctx: Context, code: string): Promise<Usage> {
  n += 1;
  const referee = `held-referee-${n}-${Math.random().toString(36).slice(2, 8)}`;
  await ctx.stores.customers.upsertProfile(referee, { name: 'Sam Noor', email: `${referee}@mailinator.com` });
  const u = await applyToNewDeal(ctx, { refereeId: referee, code, dealId: `held-deal-${n}-${referee}` });
  const converted = await convertReferral(ctx, { deal_id: u.deal_id, customer_id: referee, payment_id: `pay-${u.deal_id}` });
  if (converted?.credit_status !== 'review') throw new Error(`expected a credit held for review, got ${converted?.credit_status}`);
  return converted;
}
