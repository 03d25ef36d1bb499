import { describe, expect, it } from 'vitest';
import { openReview } from '#shared/usages/review-state.js';
import type { Usage } from '#shared/usages/usage.js';
import type { UsageStore } from '#shared/usages/usage-store.js';
import { useStore, type MakeStore } from './store-harness.js';
import { usage } from './usage-store.contract.js';

const ids = (us: readonly Usage[]) => us.map((u) => u.usage_id);

/** A converted usage of `referrer` applied at `appliedAt`, held for review since `openedAt` when given. */
function converted(id: string, appliedAt: string, openedAt?: string, referrer = 'ref-1'): Usage {
  return usage(id, {
    referrer_id: referrer,
    state: 'converted',
    credit_status: openedAt ? 'review' : 'credited',
    converted_at: openedAt ?? appliedAt,
    applied_at: appliedAt,
    review: openedAt ? openReview(['VELOCITY'], openedAt) : null,
  });
}

/** The contract of the paged reads of {@link UsageStore} (docs/rules.md §7), run against every adapter. */
export function describeUsagePagesContract(name: string, makeStore: MakeStore<UsageStore>): void {
  describe(`${name} usage store pages`, () => {
    const store = useStore(makeStore);

    it("pages a referrer's usages newest first, ties by id, and only theirs", async () => {
      for (const u of [
        converted('u1', '2026-01-01T00:00:00.000Z'),
        converted('u2', '2026-01-03T00:00:00.000Z'),
        converted('u3', '2026-01-02T00:00:00.000Z'),
        converted('u4', '2026-01-02T00:00:00.000Z'),
        converted('x1', '2026-01-05T00:00:00.000Z', undefined, 'ref-2'),
      ])
        await store().insertUsage(u);
      const first = await store().pageUsagesByReferrer('ref-1', null, 2);
      expect(ids(first)).toEqual(['u2', 'u4']);
      const last = first.at(-1)!;
      expect(ids(await store().pageUsagesByReferrer('ref-1', last, 2))).toEqual(['u3', 'u1']);
      expect(ids(await store().pageUsagesByReferrer('ref-1', { applied_at: '2026-01-01T00:00:00.000Z', usage_id: 'u1' }, 2))).toEqual([]);
      expect(await store().pageUsagesByReferrer('ref-1', null, 0)).toEqual([]);
    });

    it("pages a referee's usages newest first, ties by id, and only theirs", async () => {
      const ended = (id: string, appliedAt: string, referee = 'sam') =>
        usage(id, {
          referee_id: referee,
          applied_at: appliedAt,
          state: 'released',
          live_deal_key: `dead:${id}`,
          live_referee_key: `dead:${id}`,
        });
      for (const u of [
        ended('e1', '2026-01-01T00:00:00.000Z'),
        ended('e3', '2026-01-02T00:00:00.000Z'),
        ended('e2', '2026-01-02T00:00:00.000Z'),
        usage('e4', { referee_id: 'sam', applied_at: '2026-01-04T00:00:00.000Z' }),
        ended('x1', '2026-01-05T00:00:00.000Z', 'tara'),
      ])
        await store().insertUsage(u);
      const first = await store().pageUsagesByReferee('sam', null, 2);
      expect(ids(first)).toEqual(['e4', 'e3']);
      expect(ids(await store().pageUsagesByReferee('sam', first.at(-1)!, 5))).toEqual(['e2', 'e1']);
      expect(await store().pageUsagesByReferee('sam', null, 0)).toEqual([]);
      expect(ids(await store().pageUsagesByReferee('tara', null, 5))).toEqual(['x1']);
    });

    it('lists open review cases oldest first, ties by id, after a cursor', async () => {
      for (const u of [
        converted('r3', '2026-01-01T00:00:00.000Z', '2026-01-03T00:00:00.000Z'),
        converted('r1', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
        converted('r2b', '2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z'),
        converted('r2a', '2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z'),
        converted('c1', '2026-01-01T00:00:00.000Z'),
      ])
        await store().insertUsage(u);
      expect(ids(await store().listReviews('open', null, 10))).toEqual(['r1', 'r2a', 'r2b', 'r3']);
      expect(ids(await store().listReviews('open', { opened_at: '2026-01-02T00:00:00.000Z', usage_id: 'r2a' }, 10))).toEqual(['r2b', 'r3']);
      expect(ids(await store().listReviews('open', null, 1))).toEqual(['r1']);
      expect(await store().listReviews('approved', null, 10)).toEqual([]);
    });

    it('moves a decided case out of the open queue into its outcome', async () => {
      const u = converted('r1', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
      await store().insertUsage(u);
      const decided = await store().transitionUsage(
        u,
        ['converted'],
        {
          credit_status: 'rejected',
          review: { ...u.review!, status: 'rejected', decided_by: 'ops', decided_at: 'now', decision_reason: 'ring' },
        },
        'review',
      );
      expect(decided?.review).toMatchObject({ status: 'rejected', decided_by: 'ops', decision_reason: 'ring', reasons: ['VELOCITY'] });
      expect(await store().listReviews('open', null, 10)).toEqual([]);
      expect(ids(await store().listReviews('rejected', null, 10))).toEqual(['r1']);
    });

    it('lets one of an approval and a rejection of one case win', async () => {
      const u = converted('r1', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
      await store().insertUsage(u);
      const decide = (status: 'approved' | 'rejected') =>
        store().transitionUsage(
          u,
          ['converted'],
          {
            credit_status: status === 'approved' ? 'credited' : 'rejected',
            review: { ...u.review!, status, decided_by: status, decided_at: 'now', decision_reason: null },
          },
          'review',
        );
      const results = await Promise.all([decide('approved'), decide('rejected'), decide('approved'), decide('rejected')]);
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      const after = await store().getUsage('r1');
      expect(after?.credit_status).toBe(after?.review?.status === 'approved' ? 'credited' : 'rejected');
    });

    it('reads a usage stored before review cases existed', async () => {
      const { review: _none, ...old } = converted('old', '2026-01-01T00:00:00.000Z');
      await store().insertUsage(old);
      expect((await store().getUsage('old'))?.review ?? null).toBeNull();
    });
  });
}
