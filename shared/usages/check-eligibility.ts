import { checkCodeGuessingLimit, recordUnknownCode } from '../abuse/code-guessing-limit.js';
import { newCustomer, type Customer } from '../customers/customer.js';
import { isSamePerson } from '../trust/identity.js';
import type { Deal } from '../deals/deal.js';
import { fail, type Result } from '../core/result.js';
import type { Context } from '../core/context.js';
import type { TermsValues } from '../programme/terms.js';
import type { Usage } from './usage.js';

/** What a successful check found. */
export interface Eligible {
  code: string;
  referrer: Customer;
  referee: Customer;
  deal: Deal;
}

/**
 * The checks of docs/rules.md §2.2, in its order, each with its error code. `live` is the referee's
 * live usage, already read by the caller; `terms` are those in force now (the referee rule and the
 * referrer limit are theirs). Only an unknown code leaves a trace (the guessing limit).
 */
export async function checkEligibility(
  ctx: Context,
  req: { refereeId: string; code: string | null; dealId: string },
  live: Usage | null,
  now: Date,
  terms: Pick<TermsValues, 'referee_must_be_new' | 'max_referrals_per_referrer'>,
): Promise<Result<Eligible>> {
  const { customers, deals, usages, attempts } = ctx.stores;
  const limited = await checkCodeGuessingLimit(attempts, req.refereeId, now, ctx.rules);
  if (limited) return limited;
  const referrer = req.code ? await customers.findCustomerByCode(req.code) : null;
  if (!req.code || !referrer?.referral_code) {
    await recordUnknownCode(attempts, req.refereeId, now, ctx.rules);
    return fail('CODE_NOT_FOUND', 'No such referral code');
  }
  const code = referrer.referral_code;
  if (code.status !== 'active') return fail('CODE_INACTIVE', `Referral code ${code.referral_code} is not active`);
  if (referrer.is_disabled) return fail('REFERRER_DISABLED', `The owner of ${code.referral_code} cannot refer at the moment`);
  const referee = (await customers.getCustomer(req.refereeId)) ?? newCustomer(req.refereeId);
  if (isSamePerson(referrer, referee, ctx.rules.trust)) return fail('SELF_REFERRAL', 'A customer cannot use their own referral code');
  if (referee.is_disabled) return fail('REFEREE_DISABLED', `Customer ${referee.customer_id} is disabled`);
  if (terms.referee_must_be_new && referee.paid_deal_ids.length > 0) {
    return fail('REFEREE_NOT_NEW', 'Referral codes are for customers before their first completed payment');
  }
  if (live) {
    return fail('REFEREE_ALREADY_REFERRED', `Customer ${referee.customer_id} has already used a referral code`, {
      details: { usage_id: live.usage_id, deal_id: live.deal_id },
    });
  }
  const deal = await deals.getDeal(req.dealId);
  if (!deal) return fail('DEAL_NOT_FOUND', `No deal ${req.dealId}`);
  if (deal.customer_id !== req.refereeId) return fail('DEAL_NOT_OWNED', `Deal ${req.dealId} belongs to another customer`);
  if (deal.is_converted) return fail('DEAL_ALREADY_CONVERTED', `Deal ${req.dealId} is already paid`);
  if (deal.referral_code_applied && !(await isStaleDealCode(ctx, deal))) {
    return fail('DEAL_ALREADY_HAS_CODE', `Deal ${req.dealId} already carries a referral code`);
  }
  const max = terms.max_referrals_per_referrer;
  if (max !== null && (await usages.countLiveByReferrer(referrer.customer_id)) >= max) {
    return fail('REFERRER_LIMIT_REACHED', `The owner of ${code.referral_code} has reached the referral limit of ${max}`);
  }
  return { ok: true, value: { code: code.referral_code, referrer, referee, deal } };
}

/** A deal code that only a released usage of ours put there, and the deal sync has not cleared yet. */
async function isStaleDealCode(ctx: Context, deal: Deal): Promise<boolean> {
  const history = await ctx.stores.usages.listUsagesByDeal(deal.deal_id);
  return history.length > 0 && history.every((u) => u.state === 'released');
}
