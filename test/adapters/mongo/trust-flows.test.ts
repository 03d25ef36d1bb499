import { describe, expect, it } from 'vitest';
import { allEntries } from '../../support/ledger.js';
import { getReferralCode } from '#shared/customers/manage-customers.js';
import { checkInvariants } from '#shared/reconcile/check-invariants.js';
import { decideReview } from '#shared/usages/review.js';
import { referrerWithCode } from '../../support/journeys.js';
import { mongoContext } from '../../support/mongo-context.js';
import { testServers } from '../../support/mongo.js';
import { heldUsage } from '../../support/trust-journeys.js';

const pointsEarned = async (ctx: Awaited<ReturnType<typeof mongoContext>>, id: string) => {
  const code = await getReferralCode(ctx, id);
  if (!code.ok) throw new Error(code.code);
  return code.value.stats.total_points_earned;
};

describe.each(testServers)('review decisions racing, on %s', (server) => {
  it('credits once for 20 parallel approvals of one case', async () => {
    const ctx = await mongoContext({}, server);
    const u = await heldUsage(ctx, await referrerWithCode(ctx, 'approve-referrer'));
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => decideReview(ctx, u.usage_id, 'approved', `ops-${i}`, null)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect((await allEntries(ctx.stores, 'approve-referrer')).map((e) => [e.type, e.points])).toEqual([['CREDIT', 2000]]);
    const after = await ctx.stores.usages.getUsage(u.usage_id);
    // Every caller is answered with the one decision that won, by one admin.
    expect(new Set(results.map((r) => (r.ok ? r.value.review?.decided_by : null)))).toEqual(new Set([after?.review?.decided_by]));
    expect(await pointsEarned(ctx, 'approve-referrer')).toBe(2000);
    expect(await checkInvariants(ctx)).toEqual([]);
  });

  it('ends an approval racing a rejection in exactly one outcome, told to the loser', async () => {
    const ctx = await mongoContext({}, server);
    const code = await referrerWithCode(ctx, 'race-review-referrer');
    for (let round = 0; round < 3; round += 1) {
      const u = await heldUsage(ctx, code);
      const [approve, reject] = await Promise.all([
        decideReview(ctx, u.usage_id, 'approved', 'ops-a', null),
        decideReview(ctx, u.usage_id, 'rejected', 'ops-b', 'same card as the referrer'),
      ]);
      expect([approve, reject].filter((r) => r.ok)).toHaveLength(1);
      const loser = approve.ok ? reject : approve;
      expect(loser).toMatchObject({
        ok: false,
        code: 'REVIEW_ALREADY_DECIDED',
        details: { outcome: approve.ok ? 'approved' : 'rejected' },
      });
      const after = await ctx.stores.usages.getUsage(u.usage_id);
      expect(after?.credit_status).toBe(approve.ok ? 'credited' : 'rejected');
      const credits = (await allEntries(ctx.stores, 'race-review-referrer')).filter((e) => e.cause.usage_id === u.usage_id);
      expect(credits).toHaveLength(approve.ok ? 1 : 0);
    }
    expect(await checkInvariants(ctx)).toEqual([]);
  });
});
