import { describe, expect, it } from 'vitest';
import { reconcile } from '../../shared/reconcile/reconcile.js';
import { domainContext } from '../support/domain-context.js';
import { crashAtStep, crashEverywhere, crashFlows, SimulatedCrash } from '../support/crash-flows.js';
import { convertedUsage, referrerWithCode } from '../support/journeys.js';
import { redeemPoints } from '../../shared/points/redeem-points.js';

describe('a crash after any step, on the embedded stores', () => {
  it.each(crashFlows.map((f) => [f.name, f] as const))('of %s is finished by the retry, once', async (_name, flow) => {
    const steps = await crashEverywhere(async () => domainContext(), flow);
    expect(steps).toBeGreaterThanOrEqual(2);
  });
});

describe('the repair sweep', () => {
  it('finishes a redemption whose ledger entry a crash left in the outbox', async () => {
    const ctx = domainContext();
    await convertedUsage(ctx, await referrerWithCode(ctx, 'r1'));
    crashAtStep(ctx, 2);
    await expect(redeemPoints(ctx, { customerId: 'r1', points: 5, dealId: 'd', idempotencyKey: 'k', actor: 'r1' })).rejects.toBeInstanceOf(SimulatedCrash);
    delete ctx.faults;
    const report = await reconcile(ctx, { repair: false });
    expect(report.violations.map((v) => v.repair)).toContain('flush_outbox');
    const repaired = await reconcile(ctx, { repair: true });
    expect(repaired.repaired).toBeGreaterThan(0);
    expect(repaired.remaining).toEqual([]);
    expect((await ctx.stores.ledger.listAllEntries('r1')).map((e) => e.type)).toEqual(['CREDIT', 'REDEEM']);
  });

  it('finds and repairs stats planted wrong by hand', async () => {
    const ctx = domainContext();
    await convertedUsage(ctx, await referrerWithCode(ctx, 'r2'));
    await ctx.stores.customers.replaceStats('r2', { total_uses: 9, pending_referrals: 9, successful_referrals: 0, total_points_earned: 0, total_discount_given: 1 });
    const found = await reconcile(ctx, { repair: false });
    expect(found.violations).toEqual([expect.objectContaining({ invariant: 2, subject: 'r2', repair: 'recount_stats' })]);
    const fixed = await reconcile(ctx, { repair: true });
    expect(fixed.remaining).toEqual([]);
    expect((await ctx.stores.customers.getCustomer('r2'))?.referral_code?.stats).toMatchObject({ total_uses: 1, successful_referrals: 1, total_points_earned: 2000 });
  });
});
