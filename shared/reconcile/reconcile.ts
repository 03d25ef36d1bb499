import { flushOutbox, walletDeps } from '../points/wallet-engine.js';
import type { Context } from '../core/context.js';
import { creditReferrer } from '../usages/credit-referrer.js';
import { checkInvariants, type Violation } from './check-invariants.js';

/** What a reconcile run found, and with `repair`, what it fixed. */
export interface ReconcileReport {
  checked_at: string;
  violations: Violation[];
  repaired: number;
  /** Violations left after the repair (re-checked); equal to `violations` without repair. */
  remaining: Violation[];
}

/**
 * Checks SPEC 3's invariants; with `repair`, finishes stuck flows (committed wallet versions
 * not yet published, missing credits), then checks again.
 */
export async function reconcile(ctx: Context, options: { repair: boolean }): Promise<ReconcileReport> {
  const violations = await checkInvariants(ctx);
  const checkedAt = ctx.clock.now().toISOString();
  if (!options.repair) return { checked_at: checkedAt, violations, repaired: 0, remaining: violations };
  let repaired = 0;
  for (const v of violations) {
    if (v.repair === 'publish_wallet') {
      const w = await ctx.stores.wallets.getUnpublished(v.subject);
      if (w) await flushOutbox(walletDeps(ctx), w);
    } else if (v.repair === 'credit_referrer') {
      const u = await ctx.stores.usages.getUsage(v.subject);
      if (u) await creditReferrer(ctx, u, 'reconcile');
    } else continue;
    repaired += 1;
    ctx.logger.log('WARNING', 'Reconcile repaired a violation', { ...v });
  }
  return { checked_at: checkedAt, violations, repaired, remaining: await checkInvariants(ctx) };
}
