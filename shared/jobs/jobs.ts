import { syncDealReferrals } from '../deals/sync-deal-referrals.js';
import { reconcileIncrementally } from '../reconcile/reconcile.js';
import type { Context } from '../core/context.js';
import { expireReferralPoints, remindExpiringPoints } from './wallet-sweep.js';
import { releaseHeldCredits } from '../usages/release-held-credits.js';
import { recordLiability } from '../points/record-liability.js';

/** Every scheduled job by its function name, and what one run does. */
export const jobs = {
  expireReferralPoints: (ctx: Context) => expireReferralPoints(ctx),
  remindExpiringPoints: (ctx: Context) => remindExpiringPoints(ctx),
  releaseHeldCredits: (ctx: Context) => releaseHeldCredits(ctx),
  syncDealReferrals: (ctx: Context) => syncDealReferrals(ctx),
  reconcile: (ctx: Context) => reconcileIncrementally(ctx),
  recordLiability: (ctx: Context) => recordLiability(ctx),
} as const;

/** A scheduled job's name. */
export type JobName = keyof typeof jobs;

/** Whether a name is a scheduled job. */
export function isJobName(name: string): name is JobName {
  return Object.hasOwn(jobs, name);
}
