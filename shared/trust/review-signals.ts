import type { Context } from '../core/context.js';
import { evidenceCustomersShown, type ReviewEvidence, type ReviewReason } from '../usages/review-state.js';
import type { Usage } from '../usages/usage.js';
import { isDisposableEmail } from './disposable-email.js';

/** What the review signals need of a completed payment: who paid, and with which payment method if the payments system says. */
export interface PaymentMethodOf {
  customer_id: string;
  payment_method_fingerprint?: string | null | undefined;
}

/**
 * Remembers the payment method of a completed payment for its payer, so that a later referee
 * paying with it is noticed (`SHARED_PAYMENT_METHOD`): one insert by key, once per customer and method.
 */
export async function rememberPaymentMethod(ctx: Context, payment: PaymentMethodOf): Promise<void> {
  if (payment.payment_method_fingerprint) {
    await ctx.stores.trust.rememberPaymentMethod(payment.customer_id, payment.payment_method_fingerprint);
  }
}

/** What the signals found at a conversion: the reasons to hold the credit, and what they saw. */
export interface ReviewFindings {
  reasons: ReviewReason[];
  evidence: ReviewEvidence;
}

/**
 * The signals that hold a usage's credit for review at its conversion (docs/rules.md §7), in the
 * order of {@link reviewReasons}: the referee's e-mail is disposable, the referee paid with a
 * payment method of the referrer, or the referrer has more conversions within the 24 hours up to
 * this one than `REVIEW_VELOCITY_PER_DAY`. Each is a lookup by key or a count bounded by the cap;
 * only a shared payment method costs one more indexed lookup, of who else paid with it.
 */
export async function reviewSignals(ctx: Context, usage: Usage, payment: PaymentMethodOf, now: Date): Promise<ReviewFindings> {
  const { trust } = ctx.stores;
  const limit = ctx.rules.trust.reviewVelocityPerDay;
  const fingerprint = payment.payment_method_fingerprint;
  const [referee, shared, recent] = await Promise.all([
    ctx.stores.customers.getCustomer(usage.referee_id),
    fingerprint ? trust.hasPaymentMethod(usage.referrer_id, fingerprint) : Promise.resolve(false),
    trust.countConversion(usage.referrer_id, now.toISOString(), usage.usage_id, limit + 1),
  ]);
  const disposable = referee?.erasure
    ? referee.erasure.email_disposable
    : await isDisposableEmail(referee?.email, ctx.rules.trust.extraDisposableDomains);
  const reasons: ReviewReason[] = [];
  if (disposable) reasons.push('DISPOSABLE_EMAIL');
  if (shared) reasons.push('SHARED_PAYMENT_METHOD');
  if (recent > limit) reasons.push('VELOCITY');
  const sharing =
    shared && fingerprint ? await trust.customersWithPaymentMethod(fingerprint, evidenceCustomersShown + 1) : ([] as string[]);
  return {
    reasons,
    evidence: {
      // An erased referee's domain is not kept (docs/rules.md §7), only that it was disposable.
      disposable_domain: disposable && referee?.email ? (referee.email.split('@').at(-1)?.toLowerCase() ?? null) : null,
      shared_payment_with: sharing.filter((id) => id !== usage.referee_id).slice(0, evidenceCustomersShown),
      conversions_24h: recent > limit ? recent : null,
    },
  };
}
