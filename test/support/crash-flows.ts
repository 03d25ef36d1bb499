import { allEntries, walletOf } from './ledger.js';
import { expect } from 'vitest';
import { getReferralCode } from '#shared/customers/manage-customers.js';
import { expireReferralPoints } from '#shared/jobs/wallet-sweep.js';
import { redeemPoints } from '#shared/points/redeem-points.js';
import { checkInvariants } from '#shared/reconcile/check-invariants.js';
import { reconcile } from '#shared/reconcile/reconcile.js';
import type { Context } from '#shared/core/context.js';
import { applyReferralCode } from '#shared/usages/apply-referral-code.js';
import { convertReferral } from '#shared/usages/convert-referral.js';
import { reverseReferral } from '#shared/usages/reverse-referral.js';
import { eraseCustomer } from '#shared/customers/erase-customer.js';
import { decideReview } from '#shared/usages/review.js';
import type { MemoryPublisher } from '#shared/adapters/memory/publisher.js';
import { heldUsage } from './trust-journeys.js';
import { SimulatedCrash, seamOf } from './crash-seam.js';
import { appliedUsage, convertedUsage, referrerWithCode } from './journeys.js';
import { putOpenDeal } from '../../tools/referral-journeys.js';
import { releaseHeldCredits } from '#shared/usages/release-held-credits.js';
import { termsInForce } from './programme.js';

export { SimulatedCrash } from './crash-seam.js';

/** Makes the k-th step of whatever runs next throw; returns how many steps ran. */
export function crashAtStep(ctx: Context, k: number): { steps: () => number } {
  const seam = seamOf(ctx);
  seam.crashAtStep(k);
  return { steps: () => seam.stepsPassed() };
}

/** A flow to crash: `arrange` prepares, `run` is what the client or Pub/Sub retries, `check` asserts the single effect. */
export interface CrashFlow {
  name: string;
  arrange(ctx: Context): Promise<Record<string, string>>;
  run(ctx: Context, a: Record<string, string>): Promise<unknown>;
  check(ctx: Context, a: Record<string, string>): Promise<void>;
}

const statsOf = async (ctx: Context, customerId: string) => {
  const code = await getReferralCode(ctx, customerId);
  if (!code.ok) throw new Error(code.code);
  return code.value.stats;
};

const count = async (ctx: Context, customerId: string, type: string) =>
  (await allEntries(ctx.stores, customerId)).filter((e) => e.type === type).length;

/** Makes `ctx`'s clock stand `days` after the real now. */
function daysLater(ctx: Context, days: number): void {
  const later = new Date(Date.now() + days * 86_400_000);
  ctx.clock.now = () => new Date(later);
}

/**
 * Apply, conversion, redemption, refund, expiry, a milestone, a hold release, approval of a held
 * credit and erasure: the flows with several writes.
 */
export const crashFlows: CrashFlow[] = [
  {
    name: 'apply',
    async arrange(ctx) {
      const referrer = `ref-${Math.random().toString(36).slice(2)}`;
      const code = await referrerWithCode(ctx, referrer);
      const referee = `ree-${Math.random().toString(36).slice(2)}`;
      const dealId = `deal-${referee}`;
      await putOpenDeal(ctx, dealId, referee);
      return { referrer, code, referee, dealId };
    },
    run: (ctx, a) => applyReferralCode(ctx, { refereeId: a.referee!, code: a.code!, dealId: a.dealId! }),
    async check(ctx, a) {
      expect((await ctx.stores.usages.listUsagesByDeal(a.dealId!)).filter((u) => u.state === 'applied')).toHaveLength(1);
      expect((await statsOf(ctx, a.referrer!)).total_uses).toBe(1);
    },
  },
  {
    name: 'conversion',
    async arrange(ctx) {
      const referrer = `ref-${Math.random().toString(36).slice(2)}`;
      const u = await appliedUsage(ctx, await referrerWithCode(ctx, referrer));
      return { referrer, dealId: u.deal_id, referee: u.referee_id };
    },
    run: (ctx, a) => convertReferral(ctx, { deal_id: a.dealId!, customer_id: a.referee!, payment_id: `pay-${a.dealId}` }),
    async check(ctx, a) {
      expect(await count(ctx, a.referrer!, 'CREDIT')).toBe(1);
      expect((await statsOf(ctx, a.referrer!)).successful_referrals).toBe(1);
    },
  },
  {
    name: 'redemption',
    async arrange(ctx) {
      const referrer = `ref-${Math.random().toString(36).slice(2)}`;
      await convertedUsage(ctx, await referrerWithCode(ctx, referrer));
      return { referrer };
    },
    run: (ctx, a) =>
      redeemPoints(ctx, { customerId: a.referrer!, points: 750, dealId: 'trip', idempotencyKey: 'crash-key', actor: a.referrer! }),
    async check(ctx, a) {
      expect(await count(ctx, a.referrer!, 'REDEEM')).toBe(1);
      expect((await walletOf(ctx.stores, a.referrer!)).lots[0]?.remaining).toBe(1250);
    },
  },
  {
    name: 'refund',
    async arrange(ctx) {
      const referrer = `ref-${Math.random().toString(36).slice(2)}`;
      const u = await convertedUsage(ctx, await referrerWithCode(ctx, referrer));
      return { referrer, dealId: u.deal_id };
    },
    run: (ctx, a) => reverseReferral(ctx, { deal_id: a.dealId!, payment_id: `pay-${a.dealId}` }),
    async check(ctx, a) {
      expect(await count(ctx, a.referrer!, 'CLAWBACK')).toBe(1);
      expect((await statsOf(ctx, a.referrer!)).total_uses).toBe(0);
    },
  },
  {
    name: 'expiry',
    async arrange(ctx) {
      const referrer = `ref-${Math.random().toString(36).slice(2)}`;
      await convertedUsage(ctx, await referrerWithCode(ctx, referrer));
      daysLater(ctx, 400);
      return { referrer };
    },
    run: (ctx) => expireReferralPoints(ctx),
    async check(ctx, a) {
      expect(await count(ctx, a.referrer!, 'EXPIRE')).toBe(1);
    },
  },
  {
    name: 'conversion reaching a milestone',
    async arrange(ctx) {
      await termsInForce(ctx, { milestones: [{ successful_referrals: 2, bonus_points: 700 }] });
      const referrer = `ref-${Math.random().toString(36).slice(2)}`;
      const code = await referrerWithCode(ctx, referrer);
      await convertedUsage(ctx, code);
      const u = await appliedUsage(ctx, code);
      return { referrer, dealId: u.deal_id, referee: u.referee_id };
    },
    run: (ctx, a) => convertReferral(ctx, { deal_id: a.dealId!, customer_id: a.referee!, payment_id: `pay-${a.dealId}` }),
    async check(ctx, a) {
      const credits = (await allEntries(ctx.stores, a.referrer!)).filter((e) => e.type === 'CREDIT');
      expect(credits.map((e) => e.points).sort()).toEqual([2000, 2000, 700].sort());
      expect(credits.filter((e) => e.cause.type === 'milestone')).toHaveLength(1);
    },
  },
  {
    name: 'hold release',
    async arrange(ctx) {
      await termsInForce(ctx, { credit_hold_days: 3, milestones: [{ successful_referrals: 1, bonus_points: 300 }] });
      const referrer = `ref-${Math.random().toString(36).slice(2)}`;
      const u = await convertedUsage(ctx, await referrerWithCode(ctx, referrer));
      if (u.credit_status !== 'pending') throw new Error(`expected a pending credit, got ${u.credit_status}`);
      daysLater(ctx, 4);
      return { referrer, usageId: u.usage_id };
    },
    run: (ctx) => releaseHeldCredits(ctx),
    async check(ctx, a) {
      const credits = (await allEntries(ctx.stores, a.referrer!)).filter((e) => e.type === 'CREDIT');
      expect(credits.map((e) => e.points).sort()).toEqual([2000, 300].sort());
      expect((await ctx.stores.usages.getUsage(a.usageId!))?.credit_status).toBe('credited');
      expect(await ctx.stores.usages.listDueHolds(ctx.clock.now().toISOString(), 10)).toEqual([]);
    },
  },
  {
    name: 'approval',
    async arrange(ctx) {
      const referrer = `ref-${Math.random().toString(36).slice(2)}`;
      const u = await heldUsage(ctx, await referrerWithCode(ctx, referrer));
      return { referrer, usageId: u.usage_id };
    },
    run: (ctx, a) => decideReview(ctx, a.usageId!, 'approved', 'ops', 'checked by phone'),
    async check(ctx, a) {
      expect(await count(ctx, a.referrer!, 'CREDIT')).toBe(1);
      expect((await statsOf(ctx, a.referrer!)).total_points_earned).toBe(2000);
    },
  },
  {
    name: 'erasure',
    async arrange(ctx) {
      const referrer = `ref-${Math.random().toString(36).slice(2)}`;
      await convertedUsage(ctx, await referrerWithCode(ctx, referrer));
      return { referrer };
    },
    run: (ctx, a) => eraseCustomer(ctx, a.referrer!, 'ops', 'asked under DPDP'),
    async check(ctx, a) {
      const c = await ctx.stores.customers.getCustomer(a.referrer!);
      expect([c?.name, c?.email, c?.referral_code?.status, c?.erasure?.reason]).toEqual([null, null, 'inactive', 'asked under DPDP']);
      const erased = (ctx.publisher as MemoryPublisher).messages('referral-events').filter((m) => m.attributes.type === 'customer.erased');
      expect(new Set(erased.map((m) => m.attributes.event_id))).toEqual(new Set([`customer.erased:${a.referrer}`]));
      expect((await statsOf(ctx, a.referrer!)).total_points_earned).toBe(2000);
    },
  },
];

/**
 * Runs a flow with a crash at step k for every k, then retries it without faults (as a client or
 * Pub/Sub would) and checks that the effect happened once and every invariant holds; also checks
 * that, without the retry, the repair sweep leaves no violation it cannot explain.
 */
export async function crashEverywhere(makeCtx: () => Promise<Context>, flow: CrashFlow): Promise<number> {
  let k = 1;
  for (;;) {
    const ctx = await makeCtx();
    const a = await flow.arrange(ctx);
    const probe = crashAtStep(ctx, k);
    let crashed = false;
    try {
      await flow.run(ctx, a);
    } catch (e) {
      if (!(e instanceof SimulatedCrash)) throw e;
      crashed = true;
    }
    seamOf(ctx).disarm();
    if (!crashed) {
      expect(probe.steps()).toBe(k - 1);
      return k - 1;
    }
    await flow.run(ctx, a);
    await flow.run(ctx, a);
    await flow.check(ctx, a);
    expect(await checkInvariants(ctx)).toEqual([]);
    const repaired = await reconcile(ctx, { repair: true });
    expect(repaired.remaining).toEqual([]);
    k += 1;
  }
}
