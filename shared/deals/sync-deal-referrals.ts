import type { Context } from '../runtime/context.js';
import type { DealReferralChange } from './deal.js';

/** What one deal sync run wrote. */
export interface DealSyncReport {
  batches: number;
  deals: number;
  done: boolean;
}

/**
 * Writes `referral_code_applied` to the deal store from the usages changed since the last run,
 * one batch statement at a time (SPEC 2.9). A usage is marked synced only if it did not change
 * meanwhile, so no update is lost; writing the same batch twice is harmless.
 */
export async function syncDealReferrals(ctx: Context): Promise<DealSyncReport> {
  const { usages, deals } = ctx.stores;
  const started = performance.now();
  const report: DealSyncReport = { batches: 0, deals: 0, done: false };
  while (performance.now() - started < ctx.rules.sweepTimeBudgetMs) {
    const pending = await usages.listDealSyncPending(ctx.rules.sweepBatchSize);
    if (pending.length === 0) {
      report.done = true;
      break;
    }
    const changes: DealReferralChange[] = [];
    for (const dealId of new Set(pending.map((u) => u.deal_id))) {
      const live = await usages.findLiveUsageByDeal(dealId);
      changes.push({ deal_id: dealId, referral_code_applied: live?.referral_code ?? null });
    }
    await deals.applyReferralChanges(changes);
    await usages.markDealSynced(pending);
    report.batches += 1;
    report.deals += changes.length;
  }
  return report;
}
