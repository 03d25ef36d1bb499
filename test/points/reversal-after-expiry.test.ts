import { describe, expect, it } from 'vitest';
import { expireReferralPoints } from '#shared/jobs/wallet-sweep.js';
import { redeemPoints, reverseRedemptionOf } from '#shared/points/redeem-points.js';
import { reverseReferral } from '#shared/usages/reverse-referral.js';
import { domainContext } from '../support/domain-context.js';
import { convertedUsage, referrerWithCode } from '../support/journeys.js';
import { allEntries } from '../support/ledger.js';

describe('a redemption reversed after its lot expired and left the wallet', () => {
  it('counts the lot’s later expiry, so a refund after it reports no shortfall', async () => {
    const ctx = domainContext();
    const usage = await convertedUsage(ctx, await referrerWithCode(ctx, 'r-late'));
    const spent = await redeemPoints(ctx, { customerId: 'r-late', points: 300, dealId: 'trip', idempotencyKey: 'k', actor: 'r-late' });
    if (!spent.ok) throw new Error(spent.code);
    ctx.clock.set(new Date(Date.now() + 400 * 86_400_000));
    await expireReferralPoints(ctx);
    const reversed = await reverseRedemptionOf(ctx, { redemptionId: spent.value.redemption_id, callerId: 'r-late', isAdmin: false });
    expect(reversed.ok).toBe(true);
    await reverseReferral(ctx, { deal_id: usage.deal_id, payment_id: `pay-${usage.deal_id}` });
    const entries = await allEntries(ctx.stores, 'r-late');
    expect(entries.map((e) => [e.type, e.points])).toEqual([
      ['CREDIT', 2000],
      ['REDEEM', -300],
      ['EXPIRE', -1700],
      ['REDEEM_REVERSAL', 300],
      ['EXPIRE', -300],
      ['CLAWBACK', 0],
    ]);
    // Every point expired, none was spent for good: finance has nothing to recover.
    expect(entries.at(-1)?.shortfall).toBe(0);
  });
});
