import { describe, expect, it } from 'vitest';
import { deadKey, type Usage } from '#shared/usages/usage.js';
import type { UsageStore } from '#shared/usages/usage-store.js';
import { race, useStore, type MakeStore } from './store-harness.js';

/** An `applied` usage of deal `deal_id` by referee `referee_id`. */
export function usage(id: string, overrides: Partial<Usage> = {}): Usage {
  const u: Usage = {
    usage_id: id,
    referral_code: 'ASH-7K2M',
    referrer_id: 'ref-1',
    referee_id: `referee-of-${id}`,
    deal_id: `deal-of-${id}`,
    state: 'applied',
    discount: { amount: 200000, currency: 'INR' },
    reward_points: 2000,
    terms_id: 'terms-1',
    points_validity_months: 6,
    credit_hold_days: 0,
    credit_status: 'none',
    credit_available_at: null,
    hold_due_at: null,
    credit_released: null,
    live_deal_key: '',
    live_referee_key: '',
    applied_at: '2025-01-01T00:00:00.000Z',
    converted_at: null,
    ended_at: null,
    end_reason: null,
    payment_id: null,
    version: 1,
    updated_at: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
  return { ...u, live_deal_key: overrides.live_deal_key ?? u.deal_id, live_referee_key: overrides.live_referee_key ?? u.referee_id };
}

/** The patch that ends a usage and frees its deal and referee. */
export function release(id: string) {
  return {
    state: 'released' as const,
    live_deal_key: deadKey(id),
    live_referee_key: deadKey(id),
    ended_at: '2025-01-02T00:00:00.000Z',
    end_reason: 'removed_by_referee',
  };
}

const conversion = {
  state: 'converted' as const,
  credit_status: 'credited' as const,
  converted_at: '2025-01-05T00:00:00.000Z',
  payment_id: 'p-1',
};
const ids = (us: readonly Usage[]) => us.map((u) => u.usage_id);

/** The contract of {@link UsageStore}, run against every adapter. */
export function describeUsageStoreContract(name: string, makeStore: MakeStore<UsageStore>): void {
  describe(`${name} usage store`, () => {
    const store = useStore(makeStore);

    /** Inserts a usage and returns it as stored. */
    async function stored(u: Usage): Promise<Usage> {
      expect(await store().insertUsage(u)).toBe('inserted');
      return u;
    }

    describe('inserting', () => {
      it('stores a usage and gives it back unchanged', async () => {
        const u = usage('u-1');
        expect(await store().insertUsage(u)).toBe('inserted');
        expect(await store().getUsage('u-1')).toEqual(u);
      });

      it('knows no usage by an unknown id', async () => {
        expect(await store().getUsage('nope')).toBeNull();
      });

      it('refuses a second live usage of a deal as deal_taken', async () => {
        await store().insertUsage(usage('u-1', { deal_id: 'd-1' }));
        expect(await store().insertUsage(usage('u-2', { deal_id: 'd-1' }))).toBe('deal_taken');
        expect(await store().getUsage('u-2')).toBeNull();
      });

      it('refuses a second live usage of a referee as referee_taken', async () => {
        await store().insertUsage(usage('u-1', { referee_id: 'r-1' }));
        expect(await store().insertUsage(usage('u-2', { referee_id: 'r-1' }))).toBe('referee_taken');
        expect(await store().getUsage('u-2')).toBeNull();
      });

      it('names the referee when both the deal and the referee are taken', async () => {
        await store().insertUsage(usage('u-1', { deal_id: 'd-1', referee_id: 'r-1' }));
        expect(await store().insertUsage(usage('u-2', { deal_id: 'd-1', referee_id: 'r-1' }))).toBe('referee_taken');
      });

      it('names the referee when one usage holds the deal and another the referee', async () => {
        await store().insertUsage(usage('u-1', { deal_id: 'd-1', referee_id: 'r-a' }));
        await store().insertUsage(usage('u-2', { deal_id: 'd-b', referee_id: 'r-1' }));
        expect(await store().insertUsage(usage('u-3', { deal_id: 'd-1', referee_id: 'r-1' }))).toBe('referee_taken');
      });

      it('lets a new usage take the deal and referee of one that ended', async () => {
        const u = await stored(usage('u-1', { deal_id: 'd-1', referee_id: 'r-1' }));
        await store().transitionUsage(u, ['applied'], release('u-1'));
        expect(await store().insertUsage(usage('u-2', { deal_id: 'd-1', referee_id: 'r-1' }))).toBe('inserted');
      });

      it('throws on a second insert of the same usage id', async () => {
        await store().insertUsage(usage('u-1'));
        await expect(store().insertUsage(usage('u-1', { deal_id: 'other', referee_id: 'other' }))).rejects.toThrow(/u-1/);
      });

      it('lets exactly one of 50 concurrent usages of one referee on different deals in', async () => {
        const outcomes = await race(50, (i) => store().insertUsage(usage(`u-${i}`, { referee_id: 'r-1', deal_id: `d-${i}` })));
        expect(outcomes.filter((o) => o === 'inserted')).toHaveLength(1);
        expect(outcomes.filter((o) => o === 'referee_taken')).toHaveLength(49);
        expect(ids(await store().listUsagesByReferee('r-1', 10))).toEqual([`u-${outcomes.indexOf('inserted')}`]);
      });

      it('lets exactly one of 50 concurrent usages of one deal by different referees in', async () => {
        const outcomes = await race(50, (i) => store().insertUsage(usage(`u-${i}`, { deal_id: 'd-1', referee_id: `r-${i}` })));
        expect(outcomes.filter((o) => o === 'inserted')).toHaveLength(1);
        expect(outcomes.filter((o) => o === 'deal_taken')).toHaveLength(49);
        expect(ids(await store().listUsagesByDeal('d-1'))).toEqual([`u-${outcomes.indexOf('inserted')}`]);
      });
    });

    describe('finding', () => {
      it('finds the live usage of a deal and of a referee', async () => {
        const u = await stored(usage('u-1', { deal_id: 'd-1', referee_id: 'r-1' }));
        expect(await store().findLiveUsageByDeal('d-1')).toEqual(u);
        expect(await store().findLiveUsageByReferee('r-1')).toEqual(u);
      });

      it('finds no live usage of a deal or a referee once it ended', async () => {
        const u = await stored(usage('u-1', { deal_id: 'd-1', referee_id: 'r-1' }));
        await store().transitionUsage(u, ['applied'], release('u-1'));
        expect(await store().findLiveUsageByDeal('d-1')).toBeNull();
        expect(await store().findLiveUsageByReferee('r-1')).toBeNull();
      });

      it('finds the new live usage of a deal and a referee after an earlier one ended', async () => {
        const old = await stored(usage('u-1', { deal_id: 'd-1', referee_id: 'r-1' }));
        expect(await store().findLiveUsageByDeal('d-1')).toEqual(old);
        await store().transitionUsage(old, ['applied'], release('u-1'));
        const again = await stored(usage('u-2', { deal_id: 'd-1', referee_id: 'r-1' }));
        expect(await store().findLiveUsageByDeal('d-1')).toEqual(again);
        expect(await store().findLiveUsageByReferee('r-1')).toEqual(again);
      });

      it('finds a converted usage as live', async () => {
        const u = await stored(usage('u-1', { deal_id: 'd-1' }));
        const converted = await store().transitionUsage(u, ['applied'], conversion);
        expect(await store().findLiveUsageByDeal('d-1')).toEqual(converted);
      });

      it('lists every usage of a deal, newest first', async () => {
        const old = await stored(usage('u-old', { deal_id: 'd-1', applied_at: '2025-01-01T00:00:00.000Z' }));
        await store().transitionUsage(old, ['applied'], release('u-old'));
        await store().insertUsage(usage('u-new', { deal_id: 'd-1', applied_at: '2025-01-03T00:00:00.000Z' }));
        await store().insertUsage(usage('u-other', { deal_id: 'd-2' }));
        expect(ids(await store().listUsagesByDeal('d-1'))).toEqual(['u-new', 'u-old']);
      });

      it('lists the usages of a deal applied at the same instant by id, highest first', async () => {
        const a = await stored(usage('u-a', { deal_id: 'd-1' }));
        await store().transitionUsage(a, ['applied'], release('u-a'));
        await store().insertUsage(usage('u-b', { deal_id: 'd-1' }));
        expect(ids(await store().listUsagesByDeal('d-1'))).toEqual(['u-b', 'u-a']);
      });

      it("lists a referrer's and a referee's newest usages first, at most as many as asked", async () => {
        for (const [i, day] of ['03', '01', '02'].entries()) {
          await store().insertUsage(
            usage(`u-${day}`, { referrer_id: 'ref-1', referee_id: `r-${i}`, applied_at: `2025-01-${day}T00:00:00.000Z` }),
          );
        }
        expect(ids(await store().listUsagesByReferrer('ref-1', 2))).toEqual(['u-03', 'u-02']);
        expect(ids(await store().listUsagesByReferrer('ref-1', 10))).toEqual(['u-03', 'u-02', 'u-01']);
        expect(await store().listUsagesByReferrer('ref-1', 0)).toEqual([]);
        expect(ids(await store().listUsagesByReferee('r-1', 1))).toEqual(['u-01']);
      });

      it('lists the usages of a referrer and of a referee, and no one else', async () => {
        await store().insertUsage(usage('u-1', { referrer_id: 'ref-1', referee_id: 'r-1' }));
        await store().insertUsage(usage('u-2', { referrer_id: 'ref-1', referee_id: 'r-2' }));
        await store().insertUsage(usage('u-3', { referrer_id: 'ref-2', referee_id: 'r-3' }));
        expect(ids(await store().listUsagesByReferrer('ref-1', 10)).sort()).toEqual(['u-1', 'u-2']);
        expect(ids(await store().listUsagesByReferee('r-2', 10))).toEqual(['u-2']);
        expect(await store().listUsagesByReferrer('nobody', 10)).toEqual([]);
      });

      it('counts and sums a referrer’s stats in the store, as the usages say', async () => {
        await store().insertUsage(usage('s1'));
        await store().insertUsage(usage('s2', { state: 'converted', credit_status: 'credited' }));
        await store().insertUsage(usage('s3', { state: 'converted', credit_status: 'withheld' }));
        await store().insertUsage(usage('s4', { state: 'released', live_deal_key: 'dead:s4', live_referee_key: 'dead:s4' }));
        await store().insertUsage(usage('s5', { referrer_id: 'someone-else' }));
        expect(await store().referrerStats('ref-1')).toEqual({
          total_uses: 3,
          successful_referrals: 2,
          pending_referrals: 1,
          total_points_earned: 2000,
          total_discount_given: 600000,
        });
        expect(await store().referrerStats('nobody')).toEqual({
          total_uses: 0,
          successful_referrals: 0,
          pending_referrals: 0,
          total_points_earned: 0,
          total_discount_given: 0,
        });
      });

      it('counts a referrer’s live usages, and those applied before one (its rank)', async () => {
        await store().insertUsage(usage('r1', { applied_at: '2025-01-01T00:00:00.000Z' }));
        await store().insertUsage(usage('r2', { applied_at: '2025-01-02T00:00:00.000Z' }));
        await store().insertUsage(usage('r3', { applied_at: '2025-01-02T00:00:00.000Z', state: 'converted' }));
        await store().insertUsage(usage('r4', { state: 'released', live_deal_key: 'dead:r4', live_referee_key: 'dead:r4' }));
        expect(await store().countLiveByReferrer('ref-1')).toBe(3);
        expect(await store().countLiveByReferrer('ref-1', usage('r1', { applied_at: '2025-01-01T00:00:00.000Z' }))).toBe(0);
        expect(await store().countLiveByReferrer('ref-1', usage('r3', { applied_at: '2025-01-02T00:00:00.000Z' }))).toBe(2);
      });

      it('lists usages as they are now', async () => {
        const u = await stored(usage('u-1', { referrer_id: 'ref-1', referee_id: 'r-1' }));
        const converted = await store().transitionUsage(u, ['applied'], conversion);
        expect(await store().listUsagesByReferrer('ref-1', 10)).toEqual([converted]);
        expect(await store().listUsagesByReferee('r-1', 10)).toEqual([converted]);
        expect(await store().listUsages(null, 10)).toEqual([converted]);
      });

      it('lists all usages in id order after the cursor', async () => {
        for (const id of ['u-3', 'u-1', 'u-4', 'u-2']) await store().insertUsage(usage(id));
        expect(ids(await store().listUsages(null, 2))).toEqual(['u-1', 'u-2']);
        expect(ids(await store().listUsages('u-2', 10))).toEqual(['u-3', 'u-4']);
        expect(await store().listUsages('u-4', 10)).toEqual([]);
      });
    });

    describe('transitions', () => {
      it('applies a transition from an allowed state and bumps the version', async () => {
        const u = await stored(usage('u-1'));
        const after = await store().transitionUsage(u, ['applied'], conversion);
        expect(after).toEqual({ ...usage('u-1'), ...conversion, version: 2 });
        expect(await store().getUsage('u-1')).toEqual(after);
      });

      it('moves a usage on from the version a transition returned', async () => {
        const u = await stored(usage('u-1'));
        const converted = await store().transitionUsage(u, ['applied'], conversion);
        const reversed = await store().transitionUsage(converted!, ['converted'], {
          state: 'reversed',
          ended_at: '2025-01-09T00:00:00.000Z',
        });
        expect([reversed?.state, reversed?.version]).toEqual(['reversed', 3]);
        expect(await store().getUsage('u-1')).toEqual(reversed);
      });

      it('refuses a transition from any other state and changes nothing', async () => {
        const u = await stored(usage('u-1', { state: 'converted' }));
        expect(await store().transitionUsage(u, ['applied'], release('u-1'))).toBeNull();
        expect(await store().getUsage('u-1')).toEqual(usage('u-1', { state: 'converted' }));
      });

      it('refuses a transition when the credit status is not the one required', async () => {
        const u = await stored(usage('u-1', { state: 'converted', credit_status: 'credited' }));
        expect(await store().transitionUsage(u, ['converted'], { credit_status: 'credited' }, 'withheld')).toBeNull();
        expect(await store().getUsage('u-1')).toEqual(u);
      });

      it('applies a transition when the credit status is the one required', async () => {
        const u = await stored(usage('u-1', { state: 'converted', credit_status: 'withheld' }));
        const released = { credit_status: 'credited' as const, credit_released: { by: 'ops', at: '2025-01-06T00:00:00.000Z' } };
        const after = await store().transitionUsage(u, ['converted'], released, 'withheld');
        expect(after).toEqual({ ...u, ...released, version: 2 });
      });

      it('re-checks the guards on the stored usage when the one given is stale', async () => {
        const u = await stored(usage('u-1'));
        const converted = await store().transitionUsage(u, ['applied'], conversion);
        expect(await store().transitionUsage(u, ['applied'], release('u-1'))).toBeNull();
        expect(await store().getUsage('u-1')).toEqual(converted);
      });

      it('applies the patch to the stored usage when the one given is stale but the guards still hold', async () => {
        const u = await stored(usage('u-1', { state: 'converted', credit_status: 'withheld' }));
        await store().transitionUsage(u, ['converted'], { updated_at: '2025-01-06T00:00:00.000Z' });
        const after = await store().transitionUsage(u, ['converted'], { credit_status: 'credited' }, 'withheld');
        expect(after).toEqual({ ...u, credit_status: 'credited', updated_at: '2025-01-06T00:00:00.000Z', version: 3 });
        expect(await store().getUsage('u-1')).toEqual(after);
      });

      it('applies a transition whose guards fail on the usage given but hold on the stored one', async () => {
        const u = await stored(usage('u-1'));
        const converted = await store().transitionUsage(u, ['applied'], conversion);
        const reversed = await store().transitionUsage(u, ['converted'], { state: 'reversed', ended_at: '2025-01-09T00:00:00.000Z' });
        expect(reversed).toEqual({ ...converted, state: 'reversed', ended_at: '2025-01-09T00:00:00.000Z', version: 3 });
      });

      it('does not transition a usage that was never stored', async () => {
        expect(await store().transitionUsage(usage('nope'), ['applied'], release('nope'))).toBeNull();
        expect(await store().getUsage('nope')).toBeNull();
      });

      it('leaves nothing behind from a transition of a usage never stored', async () => {
        await store().transitionUsage(usage('u-1'), ['applied'], release('u-1'));
        const u = await stored(usage('u-1'));
        expect(await store().transitionUsage(u, ['applied'], conversion)).toEqual({ ...u, ...conversion, version: 2 });
      });

      it('lets exactly one of 20 concurrent transitions from the same version through', async () => {
        const u = await stored(usage('u-1'));
        const results = await race(20, () => store().transitionUsage(u, ['applied'], release('u-1')));
        const winners = results.filter((r) => r !== null);
        expect(winners).toHaveLength(1);
        expect(await store().getUsage('u-1')).toEqual(winners[0]);
      });

      it('lets exactly one of 20 concurrent transitions of different kinds through', async () => {
        const u = await stored(usage('u-1', { deal_id: 'd-1' }));
        const results = await race(20, (i) => store().transitionUsage(u, ['applied'], i % 2 === 0 ? release('u-1') : conversion));
        const winners = results.filter((r) => r !== null);
        expect(winners).toHaveLength(1);
        expect(await store().getUsage('u-1')).toEqual(winners[0]);
        expect(await store().findLiveUsageByDeal('d-1')).toEqual(winners[0]!.state === 'converted' ? winners[0] : null);
      });

      it('applies every one of 10 concurrent transitions whose guards keep holding, and shows the last', async () => {
        const u = await stored(usage('u-1', { state: 'converted', credit_status: 'withheld' }));
        const results = await race(10, (i) => store().transitionUsage(u, ['converted'], { updated_at: `2025-01-0${i}T00:00:00.000Z` }));
        expect(results.map((r) => r?.version).toSorted((a, b) => a! - b!)).toEqual(Array.from({ length: 10 }, (_, i) => i + 2));
        const last = results.find((r) => r?.version === 11);
        expect(await store().getUsage('u-1')).toEqual(last);
        expect(await store().findLiveUsageByDeal(u.deal_id)).toEqual(last);
      });
    });
  });
}
