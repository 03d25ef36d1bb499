import { describe, expect, it } from 'vitest';
import type { Context } from '#shared/core/context.js';
import { adjustPoints } from '#shared/points/adjust-points.js';
import { reconcileIncrementally } from '#shared/reconcile/reconcile.js';
import { crashAtStep, SimulatedCrash } from '../support/crash-flows.js';
import { seamOf } from '../support/crash-seam.js';
import { domainContext } from '../support/domain-context.js';
import { appliedUsage, referrerWithCode } from '../support/journeys.js';
import { allEntries, walletOf } from '../support/ledger.js';

/** `n` customers with 100 points each, through the use case. */
async function customersWithPoints(ctx: Context, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const id = `cust-${String(i).padStart(3, '0')}`;
    await ctx.stores.customers.upsertProfile(id, { name: 'Customer' });
    const r = await adjustPoints(ctx, { customerId: id, points: 100, reason: 'seed', idempotencyKey: id, actor: 'test' });
    if (!r.ok) throw new Error(r.code);
    ids.push(id);
  }
  return ids;
}

describe('the scheduled reconcile, run after run', () => {
  it('covers the whole database across runs, batch by batch, and finds a violation planted far along', async () => {
    // A batch of 5 and no time to spare: each run looks at one batch, then stops at its budget.
    const ctx = domainContext({ SWEEP_BATCH_SIZE: '5', SWEEP_TIME_BUDGET_MS: '1' });
    await customersWithPoints(ctx, 23);
    const u = await appliedUsage(ctx, await referrerWithCode(ctx, 'zz-referrer'));
    await ctx.stores.usages.transitionUsage(u, ['applied'], { state: 'converted', credit_status: 'credited', converted_at: u.applied_at });
    let checked = 0;
    let runs = 0;
    const found: string[] = [];
    for (;;) {
      const r = await reconcileIncrementally(ctx);
      runs += 1;
      checked += r.checked;
      found.push(...r.violations.map((v) => v.subject));
      if (r.pass_complete) break;
      if (runs > 50) throw new Error('reconcile never completed a pass');
    }
    // 23 + the referrer's wallet-less record are wallets and usages in batches of five: many runs, one pass.
    expect(checked).toBeGreaterThanOrEqual(23 + 1);
    expect(found).toContain(u.usage_id);
    // The planted missing credit was repaired on the way.
    expect((await allEntries(ctx.stores, 'zz-referrer')).map((e) => e.type)).toEqual(['CREDIT']);
    // The checkpoint says where the next pass starts: from the beginning.
    expect(await ctx.stores.jobState.get('reconcile')).toMatchObject({ phase: 'wallets', after: null, passes: 1 });
  });

  it('first finishes a wallet written since the last run, before the pass reaches it', async () => {
    const ctx = domainContext({ SWEEP_BATCH_SIZE: '5', SWEEP_TIME_BUDGET_MS: '1' });
    const ids = await customersWithPoints(ctx, 20);
    await reconcileIncrementally(ctx);
    const last = ids.at(-1)!;
    crashAtStep(ctx, 1);
    await expect(
      adjustPoints(ctx, { customerId: last, points: 5, reason: 'late', idempotencyKey: 'late', actor: 'test' }),
    ).rejects.toBeInstanceOf(SimulatedCrash);
    seamOf(ctx).disarm();
    const headBefore = await ctx.stores.wallets.getHead(last);
    const r = await reconcileIncrementally(ctx);
    expect(r.violations).toEqual([expect.objectContaining({ invariant: 1, subject: last, repair: 'catch_up_wallet' })]);
    expect(r.repaired).toBe(1);
    expect((await ctx.stores.wallets.getHead(last))?.seq).toBe((headBefore?.seq ?? 0) + 1);
    expect((await walletOf(ctx.stores, last)).lots.reduce((s, l) => s + l.remaining, 0)).toBe(105);
  });
});
