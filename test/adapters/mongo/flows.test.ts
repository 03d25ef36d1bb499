import { allEntries, walletOf } from '../../support/ledger.js';
import { describe, expect, it } from 'vitest';
import { expireReferralPoints, remindExpiringPoints } from '#shared/jobs/wallet-sweep.js';
import { redeemPoints } from '#shared/points/redeem-points.js';
import { checkInvariants } from '#shared/reconcile/check-invariants.js';
import { applyReferralCode } from '#shared/usages/apply-referral-code.js';
import { convertReferral } from '#shared/usages/convert-referral.js';
import { crashEverywhere, crashFlows } from '../../support/crash-flows.js';
import { appliedUsage, convertedUsage, referrerWithCode } from '../../support/journeys.js';
import { mongoContext, mongoContextFactory } from '../../support/mongo-context.js';
import { testServers } from '../../support/mongo.js';
import { putOpenDeal } from '../../../tools/referral-journeys.js';

describe.each(testServers)('races through the use cases, on %s', (server) => {
  it('lets exactly one of 50 parallel applies of one referee on different deals win', async () => {
    const ctx = await mongoContext({}, server);
    const code = await referrerWithCode(ctx, 'race-referrer');
    const deals = Array.from({ length: 50 }, (_, i) => `race-deal-${i}`);
    for (const d of deals) await putOpenDeal(ctx, d, 'race-referee');
    const results = await Promise.all(deals.map((dealId) => applyReferralCode(ctx, { refereeId: 'race-referee', code, dealId })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(new Set(results.flatMap((r) => (r.ok ? [] : [r.code])))).toEqual(new Set(['REFEREE_ALREADY_REFERRED']));
    expect(await checkInvariants(ctx)).toEqual([]);
  });

  it('credits once for 20 parallel deliveries of one conversion', async () => {
    const ctx = await mongoContext({}, server);
    const u = await appliedUsage(ctx, await referrerWithCode(ctx, 'conv-referrer'));
    await Promise.all(
      Array.from({ length: 20 }, () => convertReferral(ctx, { deal_id: u.deal_id, customer_id: u.referee_id, payment_id: 'pay' })),
    );
    expect((await allEntries(ctx.stores, 'conv-referrer')).map((e) => [e.type, e.points])).toEqual([['CREDIT', 2000]]);
    expect(await checkInvariants(ctx)).toEqual([]);
  });

  it('never overdraws under 20 parallel redemptions beyond the balance', async () => {
    const ctx = await mongoContext({}, server);
    await convertedUsage(ctx, await referrerWithCode(ctx, 'redeem-referrer'));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        redeemPoints(ctx, { customerId: 'redeem-referrer', points: 300, dealId: 'trip', idempotencyKey: `k${i}`, actor: 'x' }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(6);
    expect((await walletOf(ctx.stores, 'redeem-referrer')).lots[0]?.remaining).toBe(200);
    expect(await checkInvariants(ctx)).toEqual([]);
  });

  it('expires each lot once when two sweeps run at once', async () => {
    const ctx = await mongoContext({}, server);
    const code = await referrerWithCode(ctx, 'sweep-referrer');
    for (let i = 0; i < 5; i += 1) await convertedUsage(ctx, code);
    ctx.clock.set(new Date(Date.now() + 400 * 86_400_000));
    const [a, b] = await Promise.all([expireReferralPoints(ctx), expireReferralPoints(ctx)]);
    expect(a.lots + b.lots).toBe(5);
    // One EXPIRE entry per wallet and sweep step, naming every lot it expired: each lot exactly once.
    const expiredLots = (await allEntries(ctx.stores, 'sweep-referrer'))
      .filter((e) => e.type === 'EXPIRE')
      .flatMap((e) => e.lots.map((l) => l.lot_id));
    expect(expiredLots).toHaveLength(5);
    expect(new Set(expiredLots).size).toBe(5);
    expect(await checkInvariants(ctx)).toEqual([]);
  });

  it("reminds and expires every lot once when a wallet's due lots span several batches", async () => {
    const ctx = await mongoContext({ SWEEP_LOT_BATCH_SIZE: '2' }, server);
    const many = await referrerWithCode(ctx, 'batch-many');
    const few = await referrerWithCode(ctx, 'batch-few');
    for (let i = 0; i < 5; i += 1) await convertedUsage(ctx, many);
    for (let i = 0; i < 2; i += 1) await convertedUsage(ctx, few);
    const lotOf = (e: { lots: Array<{ lot_id: string }> }) => e.lots.map((l) => l.lot_id);
    ctx.clock.set(new Date(Date.now() + 180 * 86_400_000));
    expect(await remindExpiringPoints(ctx)).toMatchObject({ wallets: 2, lots: 7, points: 14_000, done: true });
    expect((await remindExpiringPoints(ctx)).lots).toBe(0);
    ctx.clock.set(new Date(Date.now() + 400 * 86_400_000));
    expect(await expireReferralPoints(ctx)).toMatchObject({ wallets: 2, lots: 7, points: 14_000, done: true });
    const expires = (await allEntries(ctx.stores, 'batch-many')).filter((e) => e.type === 'EXPIRE');
    // Five lots in batches of two: more than one sweep step for this wallet, each lot in exactly one.
    expect(expires.length).toBeGreaterThan(1);
    expect(expires.flatMap(lotOf).sort()).toEqual([...new Set(expires.flatMap(lotOf))].sort());
    expect(expires.flatMap(lotOf)).toHaveLength(5);
    expect(await checkInvariants(ctx)).toEqual([]);
  });
});

describe.each(testServers)('a crash after any step, on %s', (server) => {
  it.each(crashFlows.map((f) => [f.name, f] as const))('of %s is finished by the retry, once', async (_name, flow) => {
    expect(await crashEverywhere(mongoContextFactory(server), flow)).toBeGreaterThanOrEqual(2);
  });
});
