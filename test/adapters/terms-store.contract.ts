import { describe, expect, it } from 'vitest';
import { loadConfig } from '#shared/app/config.js';
import { environmentTerms, termsId, type TermsVersion } from '#shared/programme/terms.js';
import type { TermsStore } from '#shared/programme/terms-store.js';
import { race, useStore, type MakeStore } from './store-harness.js';

/** Version `n`, in force from `from`, scheduled with key `key-<n>`. */
export function version(n: number, from: string, overrides: Partial<TermsVersion> = {}): TermsVersion {
  return {
    ...environmentTerms(loadConfig({ NODE_ENV: 'test' }).rules),
    terms_id: termsId(n),
    version: n,
    effective_from: from,
    reason: `version ${n}`,
    created_by: 'ops',
    created_at: '2026-01-01T00:00:00.000Z',
    idempotency_key: `key-${n}`,
    request_hash: `hash-${n}`,
    referrer_reward_points: 1000 * n,
    ...overrides,
  };
}

/** The contract every programme-terms store keeps. */
export function describeTermsStoreContract(name: string, makeStore: MakeStore<TermsStore>): void {
  describe(`TermsStore contract (${name})`, () => {
    const store = useStore(makeStore);

    it('has nothing stored at first: version 1 is the environment, never stored', async () => {
      expect(await store().around('2026-06-01T00:00:00.000Z')).toEqual({ current: null, next: null });
      expect(await store().list()).toEqual([]);
      expect(await store().highestVersion()).toBe(1);
    });

    it('answers the version in force at an instant (latest start at or before it) and the next one to start', async () => {
      await store().insert(version(2, '2026-02-01T00:00:00.000Z'));
      await store().insert(version(3, '2026-04-01T00:00:00.000Z'));
      await store().insert(version(4, '2026-03-01T00:00:00.000Z'));
      const at = async (i: string) => {
        const r = await store().around(i);
        return [r.current?.terms_id ?? null, r.next?.terms_id ?? null];
      };
      expect(await at('2026-01-15T00:00:00.000Z')).toEqual([null, 'terms-2']);
      expect(await at('2026-02-01T00:00:00.000Z')).toEqual(['terms-2', 'terms-4']);
      expect(await at('2026-03-15T00:00:00.000Z')).toEqual(['terms-4', 'terms-3']);
      expect(await at('2030-01-01T00:00:00.000Z')).toEqual(['terms-3', null]);
      expect((await store().list()).map((v) => v.terms_id)).toEqual(['terms-2', 'terms-3', 'terms-4']);
      expect(await store().highestVersion()).toBe(4);
    });

    it('keeps every field of a version as inserted', async () => {
      const v = version(2, '2026-02-01T00:00:00.000Z', {
        milestones: [{ successful_referrals: 5, bonus_points: 1000 }],
        max_referrals_per_referrer: null,
        credit_hold_days: 14,
      });
      await store().insert(v);
      expect(await store().get('terms-2')).toEqual(v);
      expect(await store().findByIdempotencyKey('key-2')).toEqual(v);
      expect(await store().findByIdempotencyKey('other')).toBeNull();
    });

    it('refuses a second version with a taken number or a taken idempotency key', async () => {
      expect(await store().insert(version(2, '2026-02-01T00:00:00.000Z'))).toBe('inserted');
      expect(await store().insert(version(2, '2026-03-01T00:00:00.000Z', { idempotency_key: 'fresh' }))).toBe('number_taken');
      expect(await store().insert(version(3, '2026-03-01T00:00:00.000Z', { idempotency_key: 'key-2' }))).toBe('key_taken');
      expect((await store().list()).map((v) => v.effective_from)).toEqual(['2026-02-01T00:00:00.000Z']);
    });

    it('lets exactly one of 10 racing inserts take a number', async () => {
      const outcomes = await race(10, (i) => store().insert(version(2, '2026-02-01T00:00:00.000Z', { idempotency_key: `k${i}` })));
      expect(outcomes.filter((o) => o === 'inserted')).toHaveLength(1);
      expect(await store().list()).toHaveLength(1);
    });

    it('withdraws only a version that has not started, once; a withdrawn version is never in force', async () => {
      await store().insert(version(2, '2026-02-01T00:00:00.000Z'));
      await store().insert(version(3, '2026-05-01T00:00:00.000Z'));
      const now = '2026-03-01T00:00:00.000Z';
      expect(await store().withdraw('terms-2', now, 'ops')).toBeNull();
      const w = await store().withdraw('terms-3', now, 'ops');
      expect(w?.withdrawn).toEqual({ by: 'ops', at: now });
      expect(await store().withdraw('terms-3', now, 'ops')).toBeNull();
      expect(await store().withdraw('terms-9', now, 'ops')).toBeNull();
      const later = await store().around('2026-06-01T00:00:00.000Z');
      expect([later.current?.terms_id, later.next]).toEqual(['terms-2', null]);
    });
  });
}
