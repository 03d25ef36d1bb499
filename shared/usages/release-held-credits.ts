import { step, type Context } from '../core/context.js';
import { creditReferrer } from './credit-referrer.js';
import { payMilestones } from './milestones.js';
import type { Usage } from './usage.js';

/** What one run of `releaseHeldCredits` did; `done` is false when it stopped at its time budget. */
export interface HoldReleaseReport {
  /** Usages whose hold mark was due. */
  usages: number;
  released: number;
  points: number;
  /** Held for a referrer disabled since the conversion: withheld for an admin, as at conversion. */
  withheld: number;
  /** Refunded during the hold (cancelled) or otherwise ended: only the mark was cleared. */
  ended: number;
  done: boolean;
  elapsed_ms: number;
}

/**
 * The hold release sweep (`releaseHeldCredits`, hourly; docs/rules.md §6). It takes usages whose
 * hold mark is due a batch at a time, oldest first: each pending credit becomes `credited` (a
 * guarded transition, so of two sweeps, or a sweep and a refund, one wins), then the reward is
 * credited once (ledger `CREDIT:<usage_id>`, validity from now) and may pay a milestone, and the
 * batch's marks are cleared in one bulk write. A crash anywhere leaves the mark, so the next run
 * finds the usage and finishes only what is missing.
 */
export async function releaseHeldCredits(ctx: Context): Promise<HoldReleaseReport> {
  const started = performance.now();
  const report: HoldReleaseReport = { usages: 0, released: 0, points: 0, withheld: 0, ended: 0, done: false, elapsed_ms: 0 };
  // A mark a racing writer restored is seen once per run, not again and again.
  const seen = new Set<string>();
  while (performance.now() - started < ctx.rules.sweepTimeBudgetMs) {
    const now = ctx.clock.now().toISOString();
    const due = (await ctx.stores.usages.listDueHolds(now, ctx.rules.sweepBatchSize)).filter((u) => !seen.has(u.usage_id));
    if (due.length === 0) {
      report.done = true;
      break;
    }
    for (const u of due) {
      seen.add(u.usage_id);
      report.usages += 1;
      const outcome = await releaseOne(ctx, u, now);
      if (outcome === 'released') {
        report.released += 1;
        report.points += u.reward_points;
      } else report[outcome] += 1;
    }
    await ctx.stores.usages.clearHoldMarks(due.map((u) => u.usage_id));
  }
  report.elapsed_ms = Math.round(performance.now() - started);
  return report;
}

async function releaseOne(ctx: Context, due: Usage, now: string): Promise<'released' | 'withheld' | 'ended'> {
  const { usages, customers } = ctx.stores;
  let u: Usage | null = due;
  if (u.state === 'converted' && u.credit_status === 'pending') {
    const referrer = await customers.getCustomer(u.referrer_id);
    u =
      (await usages.transitionUsage(
        u,
        ['converted'],
        { credit_status: referrer?.is_disabled ? 'withheld' : 'credited', credit_available_at: null, updated_at: now },
        'pending',
      )) ?? (await usages.getUsage(due.usage_id));
    step(ctx, 'hold-released');
  }
  if (u?.state !== 'converted') return 'ended';
  if (u.credit_status === 'withheld') return 'withheld';
  if (u.credit_status !== 'credited') return 'ended';
  await creditReferrer(ctx, u, `hold:${u.usage_id}`);
  step(ctx, 'points-credited');
  await payMilestones(ctx, u.referrer_id);
  return 'released';
}
