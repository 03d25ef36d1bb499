import { allEntries, walletOf } from '../support/ledger.js';
import { seamOf } from '../support/crash-seam.js';
import { describe, expect, it } from 'vitest';
import { reconcile } from '#shared/reconcile/reconcile.js';
import { domainContext } from '../support/domain-context.js';
import { crashAtStep, crashEverywhere, crashFlows, SimulatedCrash } from '../support/crash-flows.js';
import { appliedUsage, convertedUsage, referrerWithCode } from '../support/journeys.js';
import { redeemPoints } from '#shared/points/redeem-points.js';

describe('a crash after any step, on the embedded stores', () => {
  it.each(crashFlows.map((f) => [f.name, f] as const))('of %s is finished by the retry, once', async (_name, flow) => {
    const steps = await crashEverywhere(async () => domainContext(), flow);
    expect(steps).toBeGreaterThanOrEqual(2);
  });
});

describe('the repair sweep', () => {
  it('brings forward a snapshot a crash left behind its committed ledger entry', async () => {
    const ctx = domainContext();
    await convertedUsage(ctx, await referrerWithCode(ctx, 'r1'));
    crashAtStep(ctx, 1);
    await expect(redeemPoints(ctx, { customerId: 'r1', points: 5, dealId: 'd', idempotencyKey: 'k', actor: 'r1' })).rejects.toBeInstanceOf(
      SimulatedCrash,
    );
    seamOf(ctx).disarm();
    const report = await reconcile(ctx, { repair: false });
    expect(report.violations).toEqual([expect.objectContaining({ invariant: 1, subject: 'r1', repair: 'catch_up_wallet' })]);
    const repaired = await reconcile(ctx, { repair: true });
    expect([repaired.repaired, repaired.remaining]).toEqual([1, []]);
    expect((await allEntries(ctx.stores, 'r1')).map((e) => e.type)).toEqual(['CREDIT', 'REDEEM']);
    expect((await walletOf(ctx.stores, 'r1')).lots[0]?.remaining).toBe(1995);
  });

  it('finds and repairs a converted usage planted by hand without its credit', async () => {
    const ctx = domainContext();
    const u = await appliedUsage(ctx, await referrerWithCode(ctx, 'r2'));
    await ctx.stores.usages.transitionUsage(u, ['applied'], { state: 'converted', credit_status: 'credited', converted_at: u.applied_at });
    const found = await reconcile(ctx, { repair: false });
    expect(found.violations).toEqual([expect.objectContaining({ invariant: 4, subject: u.usage_id, repair: 'credit_referrer' })]);
    const fixed = await reconcile(ctx, { repair: true });
    expect(fixed.remaining).toEqual([]);
    expect((await allEntries(ctx.stores, 'r2')).map((e) => [e.type, e.points])).toEqual([['CREDIT', 2000]]);
  });
});
