import { describe, expect, it } from 'vitest';
import { checkInvariants } from '#shared/reconcile/check-invariants.js';
import { reconcile } from '#shared/reconcile/reconcile.js';
import { creditReferrer } from '#shared/usages/credit-referrer.js';
import { releaseHeldCredits } from '#shared/usages/release-held-credits.js';
import { domainContext } from '../support/domain-context.js';
import { convertedUsage, referrerWithCode } from '../support/journeys.js';

describe('reconcile and the credit hold', () => {
  it('finds no violation in a pending credit with no ledger entry, nor after its release', async () => {
    const ctx = domainContext({ CREDIT_HOLD_DAYS: '3' });
    const u = await convertedUsage(ctx, await referrerWithCode(ctx, 'held-ok'));
    expect(u.credit_status).toBe('pending');
    expect(await checkInvariants(ctx)).toEqual([]);
    ctx.clock.set(new Date(Date.now() + 4 * 86_400_000));
    expect((await releaseHeldCredits(ctx)).released).toBe(1);
    expect(await checkInvariants(ctx)).toEqual([]);
  });

  it('reports a credit that is both pending and in the ledger, and does not pay it again', async () => {
    const ctx = domainContext({ CREDIT_HOLD_DAYS: '3' });
    const u = await convertedUsage(ctx, await referrerWithCode(ctx, 'held-twice'));
    // A fault planted by hand: the reward credited while the usage still says pending.
    await creditReferrer(ctx, u, 'planted');
    const report = await reconcile(ctx, { repair: true });
    expect(report.violations).toEqual([expect.objectContaining({ invariant: 4, subject: u.usage_id, repair: null })]);
    expect(report.remaining).toHaveLength(1);
  });

  it('repairs a released credit whose ledger entry a crash never wrote', async () => {
    const ctx = domainContext({ CREDIT_HOLD_DAYS: '1', REFERRAL_MILESTONES: '1:400' });
    const u = await convertedUsage(ctx, await referrerWithCode(ctx, 'held-lost'));
    const stored = (await ctx.stores.usages.getUsage(u.usage_id))!;
    // As if a release moved the usage on and died before crediting, and its mark was lost.
    await ctx.stores.usages.transitionUsage(stored, ['converted'], { credit_status: 'credited', hold_due_at: null }, 'pending');
    const report = await reconcile(ctx, { repair: true });
    expect(report.violations).toEqual([expect.objectContaining({ invariant: 4, subject: u.usage_id, repair: 'credit_referrer' })]);
    expect(report.remaining).toEqual([]);
    const entries = await ctx.stores.ledger.listEntries('held-lost', { limit: 10 });
    expect(entries.map((e) => [e.entry_id, e.points]).sort()).toEqual([
      ['CREDIT:milestone:1', 400],
      [`CREDIT:${u.usage_id}`, 2000],
    ]);
  });
});
