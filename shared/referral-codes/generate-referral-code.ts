import type { Customer, CustomerProfile } from '../customers/customer.js';
import { publishEvents } from '../notifications/publish-events.js';
import { step, type Context } from '../core/context.js';
import { baseRandomLength, makeReferralCode, maxRandomLength } from './code-format.js';

/** A completed payment, as far as code generation needs it. */
export interface CompletedPayment {
  customer_id: string;
  deal_id: string;
  paid_at: string;
  customer?: CustomerProfile | undefined;
}

const attemptsPerWidth = 4;

/**
 * Records the payment and, on the customer's first one, gives them a referral code (docs/rules.md §2.1).
 * Redelivery never makes a second code: the code registry's unique key and the conditional
 * attach settle it, and a code reserved before a crash is reused.
 */
export async function generateReferralCode(ctx: Context, payment: CompletedPayment): Promise<Customer> {
  const customer = await ctx.stores.customers.recordCompletedPayment(payment.customer_id, payment.deal_id, payment.customer ?? {});
  step(ctx, 'payment-recorded');
  if (customer.referral_code) {
    if (customer.referral_code.first_payment_deal_id === payment.deal_id) await announce(ctx, customer);
    return customer;
  }
  const code = (await ctx.stores.customers.findReservedCode(customer.customer_id)) ?? (await reserveNewCode(ctx, customer));
  step(ctx, 'code-reserved');
  const withCode = await ctx.stores.customers.attachReferralCode(customer.customer_id, {
    referral_code: code,
    status: 'active',
    generated_at: ctx.clock.now().toISOString(),
    first_payment_deal_id: payment.deal_id,
    deactivated_at: null,
    deactivation_reason: null,
    deactivated_by: null,
  });
  step(ctx, 'code-attached');
  await announce(ctx, withCode);
  return withCode;
}

async function reserveNewCode(ctx: Context, customer: Customer): Promise<string> {
  for (let width = baseRandomLength; width <= maxRandomLength; width += 1) {
    for (let i = 0; i < attemptsPerWidth; i += 1) {
      const code = makeReferralCode(customer.name, width);
      if ((await ctx.stores.customers.reserveCode(code, customer.customer_id)) === 'reserved') return code;
      // 'taken' also answers a customer who holds a code already: a racing delivery of the same
      // first payment reserved it, so that is the code (looked up only after a refusal).
      const reserved = await ctx.stores.customers.findReservedCode(customer.customer_id);
      if (reserved) return reserved;
    }
    ctx.logger.log('WARNING', 'Referral code prefix is crowded; widening the random part', {
      customer_id: customer.customer_id,
      width: width + 1,
    });
  }
  throw new Error(`No free referral code for customer ${customer.customer_id} after widening to ${maxRandomLength}`);
}

async function announce(ctx: Context, customer: Customer): Promise<void> {
  const code = customer.referral_code!;
  await publishEvents(ctx.publisher, [
    {
      topic: 'referral-notifications',
      type: 'referral.code_generated',
      id: `referral.code_generated:${customer.customer_id}`,
      customer_id: customer.customer_id,
      data: { referral_code: code.referral_code, generated_at: code.generated_at },
    },
  ]);
}
