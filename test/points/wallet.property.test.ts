import { walletOf } from '../support/ledger.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expireReferralPoints, remindExpiringPoints } from '#shared/jobs/wallet-sweep.js';
import { adjustPoints } from '#shared/points/adjust-points.js';
import { redeemPoints, reverseRedemptionOf } from '#shared/points/redeem-points.js';
import { bookBalance, spendableBalance } from '#shared/points/wallet.js';
import { checkInvariants } from '#shared/reconcile/check-invariants.js';
import { reverseReferral } from '#shared/usages/reverse-referral.js';
import { convertReferral } from '#shared/usages/convert-referral.js';
import { domainContext } from '../support/domain-context.js';
import { convertedUsage, referrerWithCode } from '../support/journeys.js';

const command = fc.oneof(
  fc.record({ kind: fc.constant('credit' as const) }),
  fc.record({ kind: fc.constant('redeem' as const), points: fc.integer({ min: 1, max: 5000 }), key: fc.integer({ min: 0, max: 6 }) }),
  fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('refund' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('redeliver' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('adjust' as const),
    points: fc.integer({ min: -3000, max: 3000 }).filter((p) => p !== 0),
    key: fc.integer({ min: 0, max: 4 }),
  }),
  fc.record({ kind: fc.constant('time' as const), days: fc.integer({ min: 1, max: 120 }) }),
  fc.record({ kind: fc.constant('sweep' as const) }),
);

describe('points under random sequences of every movement', () => {
  it('keep every invariant of docs/rules.md §3 and never go below zero', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 30 }), async (commands) => {
        const ctx = domainContext();
        ctx.clock.set(new Date('2026-01-31T08:00:00Z'));
        const owner = 'referrer';
        const code = await referrerWithCode(ctx, owner);
        const usages: string[] = [];
        const redemptions: string[] = [];
        for (const c of commands) {
          if (c.kind === 'credit') usages.push((await convertedUsage(ctx, code)).usage_id);
          else if (c.kind === 'redeem') {
            const r = await redeemPoints(ctx, {
              customerId: owner,
              points: c.points,
              dealId: `trip-${c.key}`,
              idempotencyKey: `key-${c.key}-${c.points}`,
              actor: owner,
            });
            if (r.ok) redemptions.push(r.value.redemption_id);
            else expect(['INSUFFICIENT_POINTS']).toContain(r.code);
          } else if (c.kind === 'reverse' && redemptions.length) {
            await reverseRedemptionOf(ctx, { redemptionId: redemptions[c.pick % redemptions.length]!, callerId: owner, isAdmin: false });
          } else if ((c.kind === 'refund' || c.kind === 'redeliver') && usages.length) {
            const u = (await ctx.stores.usages.getUsage(usages[c.pick % usages.length]!))!;
            if (c.kind === 'refund') await reverseReferral(ctx, { deal_id: u.deal_id, payment_id: `pay-${u.deal_id}` });
            else await convertReferral(ctx, { deal_id: u.deal_id, customer_id: u.referee_id, payment_id: `pay-${u.deal_id}` });
          } else if (c.kind === 'adjust') {
            await adjustPoints(ctx, {
              customerId: owner,
              points: c.points,
              reason: 'property',
              idempotencyKey: `adj-${c.key}-${c.points}`,
              actor: 'ops',
            });
          } else if (c.kind === 'time') ctx.clock.advance(c.days * 86_400_000);
          else if (c.kind === 'sweep') {
            await remindExpiringPoints(ctx);
            await expireReferralPoints(ctx);
          }
          const w = await walletOf(ctx.stores, owner);
          // Every lot within 0..points (a sum of positive remainders alone could never go below zero).
          for (const lot of w.lots) expect([lot.remaining >= 0, lot.remaining <= lot.points]).toEqual([true, true]);
          expect(spendableBalance(w, ctx.clock.now())).toBeLessThanOrEqual(bookBalance(w));
        }
        expect(await checkInvariants(ctx)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
