import type { Context } from '../core/context.js';
import type { DealReferralChange } from './deal.js';

/** What one deal sync run wrote. */
export interface DealSyncReport {
  batches: number;
  deals: number;
  done: boolean;
}

/**
 * Writes `referral_code_applied` to the deal store for the deals queued since the last run, one
 * batch statement at a time (docs/rules.md §2.9): each deal gets the code of its live usage, or none. Items
 * are removed only after their batch is written, and a deal queued meanwhile is a new item, so no
 * update is lost; writing the same batch twice is harmless.
 */
export async function syncDealReferrals(ctx: Context): Promise<DealSyncReport> {
  const { usages, deals, dealSyncQueue } = ctx.stores;
  const started = performance.now();
  const report: DealSyncReport = { batches: 0, deals: 0, done: false };
  while (performance.now() - started < ctx.rules.sweepTimeBudgetMs) {
    const items = await dealSyncQueue.list(ctx.rules.sweepBatchSize);
    if (items.length === 0) {
      report.done = true;
      break;
    }
    const changes: DealReferralChange[] = [];
    for (const dealId of new Set(items.map((i) => i.deal_id))) {
      const live = await usages.findLiveUsageByDeal(dealId);
      changes.push({ deal_id: dealId, referral_code_applied: live?.referral_code ?? null });
    }
    await deals.applyReferralChanges(changes);
    await dealSyncQueue.remove(items.map((i) => i.id));
    report.batches += 1;
    report.deals += changes.length;
  }
  return report;
}
