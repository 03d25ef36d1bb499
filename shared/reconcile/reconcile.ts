import type { Context } from '../core/context.js';
import { catchUpWallet, readWallet, walletDeps } from '../points/wallet-engine.js';
import { emptyWallet, headOf } from '../points/wallet.js';
import { creditReferrer } from '../usages/credit-referrer.js';
import { payMilestones } from '../usages/milestones.js';
import { closeRefundedReview } from '../usages/reverse-referral.js';
import { checkInvariants, checkUsageBatch, checkWalletBatch, checkWallets, type BatchCheck, type Violation } from './check-invariants.js';

/** What a reconcile run found, and with `repair`, what it fixed. */
export interface ReconcileReport {
  checked_at: string;
  violations: Violation[];
  repaired: number;
  /** Violations left after the repair (re-checked); equal to `violations` without repair. */
  remaining: Violation[];
  /** Wallets and usages looked at in this run. */
  checked: number;
  /** Whether this run finished a whole pass over the database (a scheduled run may stop at its time budget). */
  pass_complete: boolean;
}

/** Where the scheduled reconcile stands between runs (`job_state`, `_id` = `reconcile`). */
interface Checkpoint {
  phase: 'wallets' | 'usages';
  after: string | null;
  /** Wall-clock ms of the last run's start: entries written since are checked first next time. */
  changes_since: number;
  passes: number;
}

/** Entries written this long before the last run started are looked at again (clock skew between instances). */
const changeFeedMarginMs = 60_000;

async function repairAll(ctx: Context, violations: readonly Violation[]): Promise<number> {
  let repaired = 0;
  for (const v of violations) {
    if (v.repair === 'catch_up_wallet') {
      await catchUpWallet(walletDeps(ctx), await readWallet(ctx.stores, v.subject, { by: 'none' }, ctx.clock.now()));
    } else if (v.repair === 'credit_referrer') {
      const u = await ctx.stores.usages.getUsage(v.subject);
      if (u) {
        await creditReferrer(ctx, u, 'reconcile');
        await payMilestones(ctx, u.referrer_id);
      }
    } else if (v.repair === 'close_refunded_review') {
      const u = await ctx.stores.usages.getUsage(v.subject);
      if (u) await closeRefundedReview(ctx, u);
    } else continue;
    repaired += 1;
    ctx.logger.log('WARNING', 'Reconcile repaired a violation', { ...v });
  }
  return repaired;
}

/**
 * Checks docs/rules.md §3's invariants over the whole database in one call (the CLI, tests),
 * batch after batch; with `repair`, finishes stuck flows (wallet heads behind their ledger, missing
 * credits), then checks again.
 */
export async function reconcile(ctx: Context, options: { repair: boolean }): Promise<ReconcileReport> {
  const checkedAt = ctx.clock.now().toISOString();
  const violations = await checkInvariants(ctx);
  const report = { checked_at: checkedAt, violations, checked: 0, pass_complete: true };
  if (!options.repair) return { ...report, repaired: 0, remaining: violations };
  const repaired = await repairAll(ctx, violations);
  return { ...report, repaired, remaining: repaired > 0 ? await checkInvariants(ctx) : violations };
}

/**
 * The scheduled reconcile: within its time budget, first the wallets written since the last run
 * (the ledger's `written_at` index), then the next batches of the full pass from its checkpoint,
 * repairing as it goes. Memory is bounded by a batch; successive runs cover the whole database.
 */
export async function reconcileIncrementally(ctx: Context): Promise<ReconcileReport> {
  const started = performance.now();
  const startedMs = Date.now();
  const batch = ctx.rules.sweepBatchSize;
  const stored = (await ctx.stores.jobState.get('reconcile')) as Checkpoint | null;
  const cp: Checkpoint = stored ?? { phase: 'wallets', after: null, changes_since: 0, passes: 0 };
  const violations: Violation[] = [];
  let checked = 0;
  let repaired = 0;
  let passComplete = false;
  const within = () => performance.now() - started < ctx.rules.sweepTimeBudgetMs;

  // What changed since the last run, so a stuck flow is finished by the next run, not the next pass.
  let feedAfter: string | null = null;
  const changed = new Set<string>();
  while (within()) {
    const page = await ctx.stores.ledger.customersWrittenSince(Math.max(0, cp.changes_since - changeFeedMarginMs), feedAfter, batch);
    for (const p of page) changed.add(p.customer_id);
    if (page.length < batch) break;
    feedAfter = page.at(-1)!.key;
  }
  const ids = [...changed];
  for (let i = 0; i < ids.length && within(); i += batch) {
    const slice = ids.slice(i, i + batch);
    const stored = new Map((await ctx.stores.wallets.getHeads(slice)).map((h) => [h.customer_id, h]));
    // A wallet whose first change died before its head was written has entries but no head yet.
    const heads = slice.map((id) => stored.get(id) ?? headOf(emptyWallet(id)));
    const found = await checkWallets(ctx, heads);
    violations.push(...found);
    repaired += await repairAll(ctx, found);
    checked += heads.length;
  }

  // At least one batch of the pass per run, so the pass advances even when the changes took the budget.
  do {
    const r: BatchCheck =
      cp.phase === 'wallets' ? await checkWalletBatch(ctx, cp.after, batch) : await checkUsageBatch(ctx, cp.after, batch);
    violations.push(...r.violations);
    repaired += await repairAll(ctx, r.violations);
    checked += r.checked;
    cp.after = r.next;
    if (r.next !== null) continue;
    if (cp.phase === 'wallets') cp.phase = 'usages';
    else {
      cp.phase = 'wallets';
      cp.passes += 1;
      passComplete = true;
      break;
    }
  } while (within());
  cp.changes_since = startedMs;
  await ctx.stores.jobState.put('reconcile', { ...cp });
  const remaining = violations.filter((v) => v.repair === null);
  return { checked_at: ctx.clock.now().toISOString(), violations, repaired, remaining, checked, pass_complete: passComplete };
}
