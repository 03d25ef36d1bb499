import { describe, expect, it } from 'vitest';
import { MemoryTermsStore } from '#shared/adapters/memory/terms-store.js';
import { loadConfig } from '#shared/app/config.js';
import { SettableClock } from '#shared/core/clock.js';
import { TermsSource } from '#shared/programme/terms-source.js';
import type { TermsStore } from '#shared/programme/terms-store.js';
import { version } from '../adapters/terms-store.contract.js';

/** A clock set at `iso`. */
function at(iso: string): SettableClock {
  const clock = new SettableClock();
  clock.set(new Date(iso));
  return clock;
}

const rules = loadConfig({ NODE_ENV: 'test', REFERRER_REWARD_POINTS: '2000' }).rules;

/** A memory store that counts its reads of the terms in force. */
function countingStore(): { store: TermsStore; reads: () => number } {
  const inner = new MemoryTermsStore();
  let reads = 0;
  const store = Object.assign(Object.create(inner) as TermsStore, {
    around: (at: string) => {
      reads += 1;
      return inner.around(at);
    },
    insert: (v: Parameters<TermsStore['insert']>[0]) => inner.insert(v),
  });
  return { store, reads: () => reads };
}

describe('TermsSource', () => {
  it('serves the environment as version 1 when nothing is stored, reading once per time to live', async () => {
    const { store, reads } = countingStore();
    const clock = at('2026-03-01T00:00:00.000Z');
    const source = new TermsSource(store, rules, 30_000);
    expect((await source.inForce(clock)).terms_id).toBe('terms-1');
    expect((await source.inForce(clock)).referrer_reward_points).toBe(2000);
    clock.advance(29_999);
    await source.inForce(clock);
    expect(reads()).toBe(1);
    clock.advance(1);
    await source.inForce(clock);
    expect(reads()).toBe(2);
  });

  it('never serves a version after its successor has started, even within the time to live', async () => {
    const { store, reads } = countingStore();
    await store.insert(version(2, '2026-03-01T00:00:10.000Z', { referrer_reward_points: 3000 }));
    const clock = at('2026-03-01T00:00:00.000Z');
    const source = new TermsSource(store, rules, 3_600_000);
    expect((await source.inForce(clock)).referrer_reward_points).toBe(2000);
    clock.advance(9_999);
    expect((await source.inForce(clock)).terms_id).toBe('terms-1');
    clock.advance(1);
    expect((await source.inForce(clock)).terms_id).toBe('terms-2');
    expect(reads()).toBe(2);
  });

  it('sees a version scheduled elsewhere within the time to live, and at once after invalidate', async () => {
    const { store } = countingStore();
    const clock = at('2026-03-01T00:00:00.000Z');
    const source = new TermsSource(store, rules, 60_000);
    await source.inForce(clock);
    await store.insert(version(2, '2026-03-01T00:00:05.000Z'));
    clock.advance(10_000);
    expect((await source.inForce(clock)).terms_id).toBe('terms-1');
    source.invalidate();
    expect((await source.inForce(clock)).terms_id).toBe('terms-2');
  });

  it('reads again when the clock goes back before the read, and on every call with no time to live', async () => {
    const { store, reads } = countingStore();
    await store.insert(version(2, '2026-03-01T00:00:00.000Z'));
    const clock = at('2026-03-02T00:00:00.000Z');
    const cached = new TermsSource(store, rules, 60_000);
    expect((await cached.inForce(clock)).terms_id).toBe('terms-2');
    clock.set(new Date('2026-02-01T00:00:00.000Z'));
    expect((await cached.inForce(clock)).terms_id).toBe('terms-1');
    const uncached = new TermsSource(store, rules, 0);
    const before = reads();
    await uncached.inForce(clock);
    await uncached.inForce(clock);
    expect(reads() - before).toBe(2);
  });
});
