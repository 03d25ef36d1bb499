import { fail, type Result } from '../core/result.js';
import { step, type Context } from '../core/context.js';
import { publishEvents } from '../notifications/publish-events.js';
import { isDisposableEmail } from '../trust/disposable-email.js';
import { identityKeys } from '../trust/identity.js';
import type { Customer, CustomerErasure } from './customer.js';

/**
 * Erases a customer's personal data (docs/rules.md §7, DPDP Act and GDPR): the name, e-mail and
 * phone leave the customer and every copy the stores keep; what stays are keyed hashes of the
 * normalised e-mail and phone (so self-referral and review checks still recognise the person),
 * whether the e-mail was disposable, and who erased when and why. The code is deactivated;
 * usages, the ledger and stats keep their ids and amounts. Idempotent: a repeat (or the retry
 * after a crash) finishes what is left and publishes `customer.erased` again under the same id.
 */
export async function eraseCustomer(ctx: Context, customerId: string, actor: string, reason: string): Promise<Result<Customer>> {
  const { customers } = ctx.stores;
  const found = await customers.getCustomer(customerId);
  if (!found) return fail('CUSTOMER_NOT_FOUND', `No customer ${customerId}`);
  const keys = identityKeys(found, ctx.rules.trust);
  const erasure: CustomerErasure = found.erasure ?? {
    email_hash: keys.email,
    phone_hash: keys.phone,
    email_disposable: await isDisposableEmail(found.email, ctx.rules.trust.extraDisposableDomains),
    erased_at: ctx.clock.now().toISOString(),
    erased_by: actor,
    reason,
  };
  const erased = await customers.eraseProfile(customerId, erasure);
  if (!erased?.erasure) throw new Error(`Customer ${customerId} is missing after its erasure`);
  step(ctx, 'customer-erased');
  if (erased.referral_code?.status === 'active') {
    await customers.updateCodeStatus(customerId, {
      status: 'inactive',
      deactivated_at: erased.erasure.erased_at,
      deactivation_reason: 'customer erased',
      deactivated_by: erased.erasure.erased_by,
    });
  }
  step(ctx, 'code-deactivated');
  await publishEvents(ctx.publisher, [
    {
      topic: 'referral-events',
      type: 'customer.erased',
      id: `customer.erased:${customerId}`,
      customer_id: customerId,
      data: { erased_at: erased.erasure.erased_at, occurred_at: erased.erasure.erased_at },
    },
  ]);
  ctx.logger.log('INFO', 'Customer erased', { customer_id: customerId, erased_by: erased.erasure.erased_by });
  const after = await customers.getCustomer(customerId);
  return { ok: true, value: after ?? erased };
}
