import { describe, expect, it } from 'vitest';
import { deadKey, type Usage } from '../../shared/usages/usage.js';
import type { UsageStore } from '../../shared/usages/usage-store.js';
import { needsAtomicUpdates, useStore, type ContractOptions, type MakeStore } from './store-harness.js';

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
    credit_status: 'none',
    credit_released: null,
    live_deal_key: '',
    live_referee_key: '',
    applied_at: '2025-01-01T00:00:00.000Z',
    converted_at: null,
    ended_at: null,
    end_reason: null,
    payment_id: null,
    deal_sync_pending: true,
    version: 1,
    updated_at: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
  return { ...u, live_deal_key: overrides.live_deal_key ?? u.deal_id, live_referee_key: overrides.live_referee_key ?? u.referee_id };
}

/** The patch that ends a usage and frees its deal and referee. */
function release(id: string) {
  return { state: 'released' as const, live_deal_key: deadKey(id), live_referee_key: deadKey(id), ended_at: '2025-01-02T00:00:00.000Z', end_reason: 'removed_by_referee' };
}

const ids = (us: readonly Usage[]) => us.map((u) => u.usage_id);

/** The contract of {@link UsageStore}, run against every adapter. */
export function describeUsageStoreContract(name: string, makeStore: MakeStore<UsageStore>, options: ContractOptions): void {
  describe(`${name} usage store`, () => {
    const store = useStore(makeStore);

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
        await store().insertUsage(usage('u-1', { deal_id: 'd-1', referee_id: 'r-1' }));
        await store().transitionUsage('u-1', ['applied'], release('u-1'));
        expect(await store().insertUsage(usage('u-2', { deal_id: 'd-1', referee_id: 'r-1' }))).toBe('inserted');
      });

      it('throws on a second insert of the same usage id', async () => {
        await store().insertUsage(usage('u-1'));
        await expect(store().insertUsage(usage('u-1', { deal_id: 'other', referee_id: 'other' }))).rejects.toThrow(/u-1/);
      });

      it('lets exactly one of 50 concurrent usages of one referee on different deals in', async () => {
        const outcomes = await Promise.all(
          Array.from({ length: 50 }, (_, i) => store().insertUsage(usage(`u-${i}`, { referee_id: 'r-1', deal_id: `d-${i}` }))),
        );
        expect(outcomes.filter((o) => o === 'inserted')).toHaveLength(1);
        expect(outcomes.filter((o) => o === 'referee_taken')).toHaveLength(49);
        expect(await store().listUsagesByReferee('r-1')).toHaveLength(1);
      });

      it('lets exactly one of 50 concurrent usages of one deal by different referees in', async () => {
        const outcomes = await Promise.all(
          Array.from({ length: 50 }, (_, i) => store().insertUsage(usage(`u-${i}`, { deal_id: 'd-1', referee_id: `r-${i}` }))),
        );
        expect(outcomes.filter((o) => o === 'inserted')).toHaveLength(1);
        expect(outcomes.filter((o) => o === 'deal_taken')).toHaveLength(49);
        expect(await store().listUsagesByDeal('d-1')).toHaveLength(1);
      });
    });

    describe('finding', () => {
      it('finds the live usage of a deal and of a referee, and none once it ended', async () => {
        await store().insertUsage(usage('u-1', { deal_id: 'd-1', referee_id: 'r-1' }));
        expect((await store().findLiveUsageByDeal('d-1'))?.usage_id).toBe('u-1');
        expect((await store().findLiveUsageByReferee('r-1'))?.usage_id).toBe('u-1');
        await store().transitionUsage('u-1', ['applied'], release('u-1'));
        expect(await store().findLiveUsageByDeal('d-1')).toBeNull();
        expect(await store().findLiveUsageByReferee('r-1')).toBeNull();
      });

      it('lists every usage of a deal, newest first', async () => {
        await store().insertUsage(usage('u-old', { deal_id: 'd-1', applied_at: '2025-01-01T00:00:00.000Z' }));
        await store().transitionUsage('u-old', ['applied'], release('u-old'));
        await store().insertUsage(usage('u-new', { deal_id: 'd-1', applied_at: '2025-01-03T00:00:00.000Z' }));
        await store().insertUsage(usage('u-other', { deal_id: 'd-2' }));
        expect(ids(await store().listUsagesByDeal('d-1'))).toEqual(['u-new', 'u-old']);
      });

      it('lists the usages of a referrer and of a referee, and no one else', async () => {
        await store().insertUsage(usage('u-1', { referrer_id: 'ref-1', referee_id: 'r-1' }));
        await store().insertUsage(usage('u-2', { referrer_id: 'ref-1', referee_id: 'r-2' }));
        await store().insertUsage(usage('u-3', { referrer_id: 'ref-2', referee_id: 'r-3' }));
        expect(ids(await store().listUsagesByReferrer('ref-1')).sort()).toEqual(['u-1', 'u-2']);
        expect(ids(await store().listUsagesByReferee('r-2'))).toEqual(['u-2']);
        expect(await store().listUsagesByReferrer('nobody')).toEqual([]);
      });

      it('lists all usages in id order after the cursor', async () => {
        for (const id of ['u-3', 'u-1', 'u-4', 'u-2']) await store().insertUsage(usage(id));
        expect(ids(await store().listUsages(null, 2))).toEqual(['u-1', 'u-2']);
        expect(ids(await store().listUsages('u-2', 10))).toEqual(['u-3', 'u-4']);
      });
    });

    describe('transitions', () => {
      it('applies a transition from an allowed state and bumps the version', async () => {
        await store().insertUsage(usage('u-1'));
        const patch = { state: 'converted' as const, credit_status: 'credited' as const, converted_at: '2025-01-05T00:00:00.000Z', payment_id: 'p-1' };
        const after = await store().transitionUsage('u-1', ['applied'], patch);
        expect(after).toEqual({ ...usage('u-1'), ...patch, version: 2 });
        expect(await store().getUsage('u-1')).toEqual(after);
      });

      it('refuses a transition from any other state and changes nothing', async () => {
        await store().insertUsage(usage('u-1', { state: 'converted' }));
        expect(await store().transitionUsage('u-1', ['applied'], release('u-1'))).toBeNull();
        expect(await store().getUsage('u-1')).toEqual(usage('u-1', { state: 'converted' }));
      });

      it('refuses a transition when the credit status is not the one required', async () => {
        await store().insertUsage(usage('u-1', { state: 'converted', credit_status: 'credited' }));
        expect(await store().transitionUsage('u-1', ['converted'], { credit_status: 'credited' }, 'withheld')).toBeNull();
        expect((await store().getUsage('u-1'))?.version).toBe(1);
      });

      it('applies a transition when the credit status is the one required', async () => {
        await store().insertUsage(usage('u-1', { state: 'converted', credit_status: 'withheld' }));
        const released = { credit_status: 'credited' as const, credit_released: { by: 'ops', at: '2025-01-06T00:00:00.000Z' } };
        const after = await store().transitionUsage('u-1', ['converted'], released, 'withheld');
        expect([after?.credit_status, after?.credit_released, after?.version]).toEqual(['credited', released.credit_released, 2]);
      });

      it('does not transition a usage that does not exist', async () => {
        expect(await store().transitionUsage('nope', ['applied'], release('nope'))).toBeNull();
        expect(await store().getUsage('nope')).toBeNull();
      });

      it('lets exactly one of 20 concurrent transitions from the same state through', async (ctx) => {
        ctx.skip(!(await options.atomicUpdates()), needsAtomicUpdates);
        await store().insertUsage(usage('u-1'));
        const results = await Promise.all(Array.from({ length: 20 }, () => store().transitionUsage('u-1', ['applied'], release('u-1'))));
        expect(results.filter((r) => r !== null)).toHaveLength(1);
        expect((await store().getUsage('u-1'))?.version).toBe(2);
      });
    });

    describe('deal sync', () => {
      it('lists usages awaiting the deal sync, oldest change first, up to the limit', async () => {
        await store().insertUsage(usage('u-late', { updated_at: '2025-01-03T00:00:00.000Z' }));
        await store().insertUsage(usage('u-early', { updated_at: '2025-01-01T00:00:00.000Z' }));
        await store().insertUsage(usage('u-mid', { updated_at: '2025-01-02T00:00:00.000Z' }));
        await store().insertUsage(usage('u-synced', { deal_sync_pending: false }));
        expect(ids(await store().listDealSyncPending(2))).toEqual(['u-early', 'u-mid']);
      });

      it('marks a usage synced only while its version is still the one synced', async () => {
        await store().insertUsage(usage('u-1'));
        await store().insertUsage(usage('u-2'));
        await store().transitionUsage('u-2', ['applied'], { deal_sync_pending: true });
        await store().markDealSynced([
          { usage_id: 'u-1', version: 1 },
          { usage_id: 'u-2', version: 1 },
        ]);
        expect([(await store().getUsage('u-1'))?.deal_sync_pending, (await store().getUsage('u-2'))?.deal_sync_pending]).toEqual([false, true]);
        expect(ids(await store().listDealSyncPending(10))).toEqual(['u-2']);
      });
    });
  });
}
