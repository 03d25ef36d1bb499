import { fail, type Result } from '../core/result.js';
import { getPoints, ledgerEntryView } from '../points/points-views.js';
import type { Context } from '../core/context.js';
import { erasedCode } from '../referral-codes/code-format.js';
import type { Customer, CustomerProfile, ReferralCode, ReferralStats } from './customer.js';

/** What `GET /v1/referral-code` answers: the code with its stats, counted from its usages. */
export type ReferralCodeView = ReferralCode & { stats: ReferralStats };

/** The caller's code, status and stats; `CODE_NOT_GENERATED` before the first payment. */
export async function getReferralCode(ctx: Context, customerId: string): Promise<Result<ReferralCodeView>> {
  const c = await ctx.stores.customers.getCustomer(customerId);
  if (!c?.referral_code) return fail('CODE_NOT_GENERATED', 'A referral code is given after the first completed payment');
  return { ok: true, value: { ...c.referral_code, stats: await ctx.stores.usages.referrerStats(customerId) } };
}

/** `customer.upserted`: keeps the profile used for self-referral checks and code prefixes. */
export function syncCustomerProfile(ctx: Context, customerId: string, profile: CustomerProfile): Promise<Customer> {
  return ctx.stores.customers.upsertProfile(customerId, profile);
}

/** Switches something of a customer on or off; `reason` is given when switching off. */
export type CustomerSwitch<T> = (ctx: Context, customerId: string, on: boolean, actor: string, reason: string | null) => Promise<Result<T>>;

/** Deactivates (with a reason, who and when) or reactivates a customer's code. */
export const setCodeActive: CustomerSwitch<ReferralCodeView> = async (ctx, customerId, active, actor, reason) => {
  if (active && (await ctx.stores.customers.getCustomer(customerId))?.erasure) return erasedRefusal(customerId);
  const now = ctx.clock.now().toISOString();
  const changed = await ctx.stores.customers.updateCodeStatus(
    customerId,
    active
      ? { status: 'active', deactivated_at: null, deactivation_reason: null, deactivated_by: null }
      : { status: 'inactive', deactivated_at: now, deactivation_reason: reason, deactivated_by: actor },
  );
  if (!changed) return fail('CODE_NOT_GENERATED', `Customer ${customerId} has no referral code`);
  const after = await getReferralCode(ctx, customerId);
  // An erasure that landed meanwhile wins: the store never activates an erased customer's code.
  return active && after.ok && after.value.status !== 'active' ? erasedRefusal(customerId) : after;
};

/** `CUSTOMER_ERASED`: an erased customer's code is never activated again, nor the customer enabled (docs/rules.md §7). */
function erasedRefusal(customerId: string): Result<never> {
  return fail('CUSTOMER_ERASED', `Customer ${customerId} is erased; their code stays inactive and they cannot be enabled`);
}

/** Enables or disables a customer (the same polarity as {@link setCodeActive}), appending to `disabled_logs`. */
export const setCustomerEnabled: CustomerSwitch<Customer> = async (ctx, customerId, enabled, actor, reason) => {
  if (enabled && (await ctx.stores.customers.getCustomer(customerId))?.erasure) return erasedRefusal(customerId);
  const c = await ctx.stores.customers.setDisabled(customerId, !enabled, {
    action: enabled ? 'enabled' : 'disabled',
    reason,
    actor,
    at: ctx.clock.now().toISOString(),
  });
  return c ? { ok: true, value: c } : fail('CUSTOMER_NOT_FOUND', `No customer ${customerId}`);
};

/** How many of the newest ledger entries, and of the newest usages on each side, the admin overview shows. */
const recentEntries = 20;

/**
 * What an admin needs about a customer: profile (erased fields null, with the erasure record),
 * code with its status, who deactivated it and why, and its stats (counted by the store), the
 * disabled state with its logs, the newest usages on each side and the wallet as the customer
 * sees it (balance, lots with expiry, held credits with their release, what expires soon) with
 * its newest entries. Bounded whatever the history: the rest is paged by the customer's
 * usages, ledger and audit routes.
 */
export async function getCustomerOverview(ctx: Context, customerId: string): Promise<Result<Record<string, unknown>>> {
  const c = await ctx.stores.customers.getCustomer(customerId);
  if (!c) return fail('CUSTOMER_NOT_FOUND', `No customer ${customerId}`);
  const [stats, asReferrer, asReferee, points, recent] = await Promise.all([
    ctx.stores.usages.referrerStats(customerId),
    ctx.stores.usages.listUsagesByReferrer(customerId, recentEntries),
    ctx.stores.usages.listUsagesByReferee(customerId, recentEntries),
    getPoints(ctx, customerId),
    ctx.stores.ledger.listEntries(customerId, { limit: recentEntries }),
  ]);
  return {
    ok: true,
    value: {
      customer: { ...c, referral_code: c.referral_code ? { ...c.referral_code, stats } : null },
      status: c.erasure ? 'erased' : c.is_disabled ? 'disabled' : 'active',
      stats,
      // An erased referrer's usages show the code as the customer does: without the letters of the name.
      usages: {
        as_referrer: c.erasure ? asReferrer.map((u) => ({ ...u, referral_code: erasedCode(u.referral_code) })) : asReferrer,
        as_referee: asReferee,
      },
      wallet: { ...points, recent_entries: recent.map(ledgerEntryView) },
    },
  };
}
