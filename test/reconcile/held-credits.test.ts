import { describe, expect, it } from 'vitest';
import { checkInvariants } from '#shared/reconcile/check-invariants.js';
import { reconcile } from '#shared/reconcile/reconcile.js';
import { creditReferrer } from '#shared/usages/credit-referrer.js';
import { decideReview } from '#shared/usages/review.js';
import { allEntries } from '../support/ledger.js';
import { domainContext } from '../support/domain-context.js';
import { referrerWithCode } from '../support/journeys.js';
import { heldUsage } from '../support/trust-journeys.js';

describe('reconcile and the credit states of docs/rules.md §7', () => {
  it.each([
    ['under review', null],
    ['rejected', 'rejected'],
    ['approved', 'approved'],
  ] as const)('finds nothing wrong with a credit %s', async (_name, decision) => {
    const ctx = domainContext();
    const u = await heldUsage(ctx, await referrerWithCode(ctx, 'r1'));
    if (decision) expect((await decideReview(ctx, u.usage_id, decision, 'ops', 'checked')).ok).toBe(true);
    expect(await checkInvariants(ctx)).toEqual([]);
    expect((await allEntries(ctx.stores, 'r1')).filter((e) => e.type === 'CREDIT')).toHaveLength(decision === 'approved' ? 1 : 0);
  });

  it.each(['review', 'rejected'] as const)(
    'reports a credit entry of a usage whose credit is %s, and does not "repair" it',
    async (status) => {
      const ctx = domainContext();
      const u = await heldUsage(ctx, await referrerWithCode(ctx, 'r2'));
      const held = status === 'rejected' ? await decideReview(ctx, u.usage_id, 'rejected', 'ops', 'ring') : { ok: true as const, value: u };
      if (!held.ok) throw new Error(held.code);
      await creditReferrer(ctx, held.value, 'a bug');
      const found = await reconcile(ctx, { repair: true });
      expect(found.violations).toEqual([expect.objectContaining({ invariant: 4, subject: u.usage_id, repair: null })]);
      expect(found.remaining).toHaveLength(1);
    },
  );

  it('credits an approved usage whose credit a crash left unmade', async () => {
    const ctx = domainContext();
    const u = await heldUsage(ctx, await referrerWithCode(ctx, 'r3'));
    await ctx.stores.usages.transitionUsage(
      u,
      ['converted'],
      {
        credit_status: 'credited',
        review: { ...u.review!, status: 'approved', decided_by: 'ops', decided_at: u.updated_at, decision_reason: null },
      },
      'review',
    );
    const fixed = await reconcile(ctx, { repair: true });
    expect(fixed.violations).toEqual([expect.objectContaining({ invariant: 4, subject: u.usage_id, repair: 'credit_referrer' })]);
    expect(fixed.remaining).toEqual([]);
    expect((await allEntries(ctx.stores, 'r3')).map((e) => [e.type, e.points])).toEqual([['CREDIT', 2000]]);
  });
});
