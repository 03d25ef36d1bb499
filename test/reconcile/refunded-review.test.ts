import { describe, expect, it } from 'vitest';
import type { Context } from '#shared/core/context.js';
import { checkInvariants } from '#shared/reconcile/check-invariants.js';
import { reconcile } from '#shared/reconcile/reconcile.js';
import { reverseReferral } from '#shared/usages/reverse-referral.js';
import { decideReview, listReviews } from '#shared/usages/review.js';
import { reviewAgrees } from '#shared/usages/review-state.js';
import { allEntries } from '../support/ledger.js';
import { domainContext } from '../support/domain-context.js';
import { referrerWithCode } from '../support/journeys.js';
import { mongoContext } from '../support/mongo-context.js';
import { heldUsage } from '../support/trust-journeys.js';

const refund = (dealId: string) => ({ deal_id: dealId, payment_id: `refund-${dealId}` });

async function openQueue(ctx: Context): Promise<string[]> {
  const r = await listReviews(ctx, 'open', 100, null);
  if (!r.ok) throw new Error(r.code);
  return r.value.reviews.map((c) => c.usage_id);
}

/** A review case refunded while open ends in one state the queue and the usage agree on (docs/rules.md §7). */
describe.each([
  ['memory', async () => domainContext()],
  ['mongo', () => mongoContext()],
])('a review case refunded while open, on %s', (_name, makeContext) => {
  it('closes with the reversal, leaves the open queue, and answers a redelivery and a late decision the same', async () => {
    const ctx = await makeContext();
    const u = await heldUsage(ctx, await referrerWithCode(ctx, 'r1'));
    expect(await openQueue(ctx)).toEqual([u.usage_id]);
    const reversed = await reverseReferral(ctx, refund(u.deal_id));
    expect(reversed).toMatchObject({
      state: 'reversed',
      credit_status: 'cancelled',
      review: { status: 'closed', decision_reason: 'refunded', decided_by: null, reasons: u.review!.reasons },
    });
    expect(await reverseReferral(ctx, refund(u.deal_id))).toMatchObject({ version: reversed!.version, review: { status: 'closed' } });
    expect(await openQueue(ctx)).toEqual([]);
    const closed = await listReviews(ctx, 'closed', 10, null);
    expect(closed.ok && closed.value.reviews.map((c) => c.usage_id)).toEqual([u.usage_id]);
    const late = await decideReview(ctx, u.usage_id, 'approved', 'ops', null);
    expect(late.ok || late.code).toBe('USAGE_NOT_IN_REVIEW');
    expect(await allEntries(ctx.stores, 'r1')).toEqual([]);
    expect(await checkInvariants(ctx)).toEqual([]);
  });

  it('ends agreed whichever wins when a refund and a decision race', async () => {
    for (const decision of ['approved', 'rejected'] as const) {
      const ctx = await makeContext();
      const u = await heldUsage(ctx, await referrerWithCode(ctx, `r-${decision}`));
      await Promise.all([reverseReferral(ctx, refund(u.deal_id)), decideReview(ctx, u.usage_id, decision, 'ops', 'checked')]);
      const after = (await ctx.stores.usages.getUsage(u.usage_id))!;
      expect(after.state).toBe('reversed');
      expect(reviewAgrees(after)).toBe(true);
      expect(['closed', decision]).toContain(after.review?.status);
      expect(await openQueue(ctx)).toEqual([]);
      // An approval that won is clawed back by the refund: the wallet ends at zero either way.
      const points = (await allEntries(ctx.stores, `r-${decision}`)).reduce((s, e) => s + e.points, 0);
      expect(points).toBe(0);
      expect(await checkInvariants(ctx)).toEqual([]);
    }
  });

  it('reports a case left open on a reversed usage, and reconcile closes it', async () => {
    const ctx = await makeContext();
    const u = await heldUsage(ctx, await referrerWithCode(ctx, 'r2'));
    // As a refund before this fix left it: reversed, the case still open.
    const now = ctx.clock.now().toISOString();
    const end = { live_deal_key: `dead:${u.usage_id}`, live_referee_key: `dead:${u.usage_id}`, ended_at: now, end_reason: 'refunded' };
    await ctx.stores.usages.transitionUsage(u, ['converted'], { state: 'reversed', ...end, updated_at: now }, 'review');
    const found = await checkInvariants(ctx);
    expect(found).toEqual([expect.objectContaining({ invariant: 6, subject: u.usage_id, repair: 'close_refunded_review' })]);
    const fixed = await reconcile(ctx, { repair: true });
    expect([fixed.repaired, fixed.remaining]).toEqual([1, []]);
    expect(await ctx.stores.usages.getUsage(u.usage_id)).toMatchObject({ credit_status: 'cancelled', review: { status: 'closed' } });
  });

  it('reports, without repairing, a usage under review whose case is not open', async () => {
    const ctx = await makeContext();
    const u = await heldUsage(ctx, await referrerWithCode(ctx, 'r3'));
    await ctx.stores.usages.transitionUsage(u, ['converted'], { review: null }, 'review');
    expect(await checkInvariants(ctx)).toEqual([expect.objectContaining({ invariant: 6, subject: u.usage_id, repair: null })]);
  });
});
