import { describe, expect, it } from 'vitest';
import { checkInvariants } from '#shared/reconcile/check-invariants.js';
import { convertReferral } from '#shared/usages/convert-referral.js';
import { releaseHeldCredits } from '#shared/usages/release-held-credits.js';
import { reverseReferral } from '#shared/usages/reverse-referral.js';
import { allEntries } from '../../support/ledger.js';
import { appliedUsage, convertedUsage, referrerWithCode } from '../../support/journeys.js';
import { mongoContext } from '../../support/mongo-context.js';
import { testServers } from '../../support/mongo.js';
import { termsInForce } from '../../support/programme.js';

const pay = (u: { deal_id: string; referee_id: string }) => ({
  deal_id: u.deal_id,
  customer_id: u.referee_id,
  payment_id: `pay-${u.deal_id}`,
});

describe.each(testServers)('programme terms under races, on %s', (server) => {
  it('pays a milestone once for 20 parallel deliveries of the conversion that reaches it', async () => {
    const ctx = await mongoContext({ REFERRAL_MILESTONES: '3:700' }, server);
    const code = await referrerWithCode(ctx, 'ms-referrer');
    await convertedUsage(ctx, code);
    await convertedUsage(ctx, code);
    const third = await appliedUsage(ctx, code);
    await Promise.all(Array.from({ length: 20 }, () => convertReferral(ctx, pay(third))));
    const credits = (await allEntries(ctx.stores, 'ms-referrer')).filter((e) => e.type === 'CREDIT');
    expect(credits.map((e) => e.entry_id).filter((id) => id.startsWith('CREDIT:milestone:'))).toEqual(['CREDIT:milestone:3']);
    expect(credits.map((e) => e.points).reduce((a, b) => a + b, 0)).toBe(3 * 2000 + 700);
    expect(await checkInvariants(ctx)).toEqual([]);
  });

  it('pays a milestone once when several conversions that may reach it race each other', async () => {
    const ctx = await mongoContext({ REFERRAL_MILESTONES: '2:500,4:900' }, server);
    const code = await referrerWithCode(ctx, 'ms-race');
    const applied = [];
    for (let i = 0; i < 5; i += 1) applied.push(await appliedUsage(ctx, code));
    await Promise.all(applied.flatMap((u) => [convertReferral(ctx, pay(u)), convertReferral(ctx, pay(u))]));
    const bonus = (await allEntries(ctx.stores, 'ms-race')).filter((e) => e.cause.type === 'milestone');
    expect(bonus.map((e) => [e.entry_id, e.points]).sort()).toEqual([
      ['CREDIT:milestone:2', 500],
      ['CREDIT:milestone:4', 900],
    ]);
    expect(await checkInvariants(ctx)).toEqual([]);
  });

  it('releases each held credit once when two hold sweeps run at once', async () => {
    const ctx = await mongoContext({ CREDIT_HOLD_DAYS: '2' }, server);
    const code = await referrerWithCode(ctx, 'hold-referrer');
    for (let i = 0; i < 6; i += 1) expect((await convertedUsage(ctx, code)).credit_status).toBe('pending');
    expect((await allEntries(ctx.stores, 'hold-referrer')).filter((e) => e.type === 'CREDIT')).toEqual([]);
    ctx.clock.set(new Date(Date.now() + 3 * 86_400_000));
    const [a, b] = await Promise.all([releaseHeldCredits(ctx), releaseHeldCredits(ctx)]);
    expect(a.released + b.released).toBeGreaterThanOrEqual(6);
    const credits = (await allEntries(ctx.stores, 'hold-referrer')).filter((e) => e.type === 'CREDIT');
    expect(credits).toHaveLength(6);
    expect(new Set(credits.map((e) => e.entry_id)).size).toBe(6);
    expect(credits.every((e) => e.points === 2000)).toBe(true);
    expect(await ctx.stores.usages.listPendingCredits('hold-referrer', 10)).toEqual([]);
    expect((await releaseHeldCredits(ctx)).usages).toBe(0);
    expect(await checkInvariants(ctx)).toEqual([]);
  });

  it('ends a refund racing the release of its hold in one outcome: cancelled with no entry, or credited and clawed back', async () => {
    for (let i = 0; i < 3; i += 1) {
      const ctx = await mongoContext({}, server);
      await termsInForce(ctx, { credit_hold_days: 1 });
      const referrer = `hold-race-${i}`;
      const u = await convertedUsage(ctx, await referrerWithCode(ctx, referrer));
      ctx.clock.set(new Date(Date.now() + 2 * 86_400_000));
      await Promise.all([releaseHeldCredits(ctx), reverseReferral(ctx, { deal_id: u.deal_id, payment_id: `pay-${u.deal_id}` })]);
      await reverseReferral(ctx, { deal_id: u.deal_id, payment_id: `pay-${u.deal_id}` });
      await releaseHeldCredits(ctx);
      const after = await ctx.stores.usages.getUsage(u.usage_id);
      const entries = (await allEntries(ctx.stores, referrer)).map((e) => [e.type, e.points]);
      expect(after?.state).toBe('reversed');
      if (after?.credit_status === 'cancelled') expect(entries).toEqual([]);
      else
        expect(entries).toEqual([
          ['CREDIT', 2000],
          ['CLAWBACK', -2000],
        ]);
      expect(await checkInvariants(ctx)).toEqual([]);
    }
  });
});
