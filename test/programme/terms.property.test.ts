import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scheduleTerms } from '#shared/programme/manage-terms.js';
import { checkInvariants } from '#shared/reconcile/check-invariants.js';
import { convertReferral } from '#shared/usages/convert-referral.js';
import { releaseHeldCredits } from '#shared/usages/release-held-credits.js';
import { reverseReferral } from '#shared/usages/reverse-referral.js';
import { allEntries } from '../support/ledger.js';
import { appliedUsage, referrerWithCode } from '../support/journeys.js';
import { domainContext } from '../support/domain-context.js';

const hour = 3_600_000;

type Command =
  | { kind: 'schedule'; inHours: number; reward: number; hold: number; milestone: number | null }
  | { kind: 'advance'; hours: number }
  | { kind: 'apply'; referrer: number }
  | { kind: 'convert'; pick: number }
  | { kind: 'refund'; pick: number }
  | { kind: 'release' };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    kind: fc.constant('schedule' as const),
    inHours: fc.integer({ min: 0, max: 72 }),
    reward: fc.integer({ min: 1, max: 50 }).map((n) => n * 100),
    hold: fc.constantFrom(0, 0, 1, 3),
    milestone: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
  }),
  fc.record({ kind: fc.constant('advance' as const), hours: fc.integer({ min: 1, max: 100 }) }),
  fc.record({ kind: fc.constant('apply' as const), referrer: fc.integer({ min: 0, max: 1 }) }),
  fc.record({ kind: fc.constant('convert' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('refund' as const), pick: fc.nat() }),
  fc.constant({ kind: 'release' as const }),
);

/** What the model expects a usage to have been promised when it was applied. */
interface Promise_ {
  usageId: string;
  termsId: string;
  reward: number;
  hold: number;
}

describe('programme terms over random interleavings', () => {
  it('keep every invariant and pay every usage by the terms it was applied under', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 30 }), async (commands) => {
        const ctx = domainContext();
        let now = Date.parse('2027-03-01T00:00:00.000Z');
        ctx.clock.set(new Date(now));
        const codes = [await referrerWithCode(ctx, 'prop-a'), await referrerWithCode(ctx, 'prop-b')];
        // The model: versions by start, and what each usage was promised.
        const versions: Array<{ id: string; from: number; reward: number; hold: number }> = [
          { id: 'terms-1', from: 0, reward: 2000, hold: 0 },
        ];
        const promised: Promise_[] = [];
        const usages: Array<{ deal_id: string; referee_id: string; usage_id: string }> = [];
        let keys = 0;
        for (const c of commands) {
          if (c.kind === 'schedule') {
            keys += 1;
            const from = now + c.inHours * hour;
            const r = await scheduleTerms(
              ctx,
              {
                effective_from: new Date(from).toISOString(),
                reason: 'property',
                referrer_reward_points: c.reward,
                credit_hold_days: c.hold,
                milestones: c.milestone === null ? [] : [{ successful_referrals: c.milestone, bonus_points: 111 }],
              },
              `k${keys}`,
              'prop',
            );
            if (!r.ok) throw new Error(r.code);
            versions.push({ id: r.value.terms.terms_id, from, reward: c.reward, hold: c.hold });
          } else if (c.kind === 'advance') {
            now += c.hours * hour;
            ctx.clock.set(new Date(now));
          } else if (c.kind === 'apply') {
            const inForce = versions
              .filter((v) => v.from <= now)
              .sort((a, b) => a.from - b.from || (a.id < b.id ? -1 : 1))
              .at(-1)!;
            const u = await appliedUsage(ctx, codes[c.referrer]!);
            usages.push(u);
            promised.push({ usageId: u.usage_id, termsId: inForce.id, reward: inForce.reward, hold: inForce.hold });
          } else if (c.kind === 'convert' && usages.length > 0) {
            const u = usages[c.pick % usages.length]!;
            await convertReferral(ctx, { deal_id: u.deal_id, customer_id: u.referee_id, payment_id: `pay-${u.deal_id}` });
          } else if (c.kind === 'refund' && usages.length > 0) {
            const u = usages[c.pick % usages.length]!;
            await reverseReferral(ctx, { deal_id: u.deal_id, payment_id: `pay-${u.deal_id}` });
          } else if (c.kind === 'release') {
            await releaseHeldCredits(ctx);
          }
        }
        expect(await checkInvariants(ctx)).toEqual([]);
        const entries = [...(await allEntries(ctx.stores, 'prop-a')), ...(await allEntries(ctx.stores, 'prop-b'))];
        const creditOf = (usageId: string) => entries.filter((e) => e.entry_id === `CREDIT:${usageId}`);
        for (const p of promised) {
          const u = (await ctx.stores.usages.getUsage(p.usageId))!;
          expect([u.terms_id, u.reward_points, u.credit_hold_days]).toEqual([p.termsId, p.reward, p.hold]);
          const credit = creditOf(p.usageId);
          if (u.state === 'converted' && u.credit_status === 'credited') expect(credit.map((e) => e.points)).toEqual([p.reward]);
          if (u.credit_status === 'pending' || u.credit_status === 'cancelled' || u.credit_status === 'none') expect(credit).toEqual([]);
          if (u.credit_status === 'pending') {
            expect(p.hold).toBeGreaterThan(0);
            expect(Date.parse(u.credit_available_at!) - Date.parse(u.converted_at!)).toBe(p.hold * 86_400_000);
          }
          if (u.state === 'converted' && p.hold === 0) expect(u.credit_status).toBe('credited');
        }
        // Each milestone at most once per referrer.
        const bonuses = entries.filter((e) => e.cause.type === 'milestone').map((e) => `${e.customer_id}:${e.entry_id}`);
        expect(new Set(bonuses).size).toBe(bonuses.length);
      }),
      { numRuns: 60 },
    );
  });
});
