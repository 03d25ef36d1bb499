import type { Db } from 'mongodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isolatesUpdates } from '#shared/adapters/mongo/update-isolation.js';
import { VersionedCollection } from '#shared/adapters/mongo/versioned-collection.js';
import { connectTestDb, type TestDb } from '../../support/mongo.js';
import { race } from '../store-harness.js';

/** A counter: the smallest value worth versioning. */
interface Counter {
  version: number;
  n: number;
}

const counter = (version: number, n = version): Counter => ({ version, n });

describe('versioned collection on the test server', () => {
  let t: TestDb;
  let db: Db;
  let counters: VersionedCollection<Counter>;

  beforeEach(async () => {
    t = await connectTestDb('versioned_collection');
    db = t.db;
    counters = new VersionedCollection<Counter>(
      db,
      'counters',
      { parse: (d) => ({ version: d['version'], n: d['n'] }), head: (c) => c },
      { isolatedUpdates: await isolatesUpdates(db) },
    );
  });

  afterEach(async () => {
    await t.drop();
  });

  /** Commits versions 1..n of `id` without writing its head, as writers that died after committing would. */
  async function committed(id: string, n: number): Promise<void> {
    for (let v = 1; v <= n; v += 1) expect(await counters.commit(id, counter(v))).toBe(true);
  }

  it('lets exactly one of 20 racing commits of one version win', async () => {
    const wins = await race(20, (i) => counters.commit('c', counter(1, i)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await counters.readVersion('c', 1)).toEqual(counter(1, wins.indexOf(true)));
  });

  it('reads back a committed version, and nothing for one never committed', async () => {
    await committed('c', 1);
    expect([await counters.readVersion('c', 1), await counters.readVersion('c', 2), await counters.readHead('c')]).toEqual([
      counter(1),
      null,
      null,
    ]);
  });

  it('finds the newest of the versions committed after a given one', async () => {
    await committed('c', 3);
    expect([await counters.newestAfter('c', 0), await counters.newestAfter('c', 1), await counters.newestAfter('c', 3)]).toEqual([
      counter(3),
      counter(3),
      null,
    ]);
  });

  it('creates a head only where creating is allowed', async () => {
    expect(await counters.writeHead('a', counter(1), { create: false })).toBe('missing');
    expect(await counters.writeHead('b', counter(1), { create: true })).toBe('written');
    expect([await counters.readHead('a'), await counters.readHead('b')]).toEqual([null, counter(1)]);
  });

  it('never writes an older version over a newer head', async () => {
    await counters.writeHead('c', counter(2), { create: true });
    expect(await counters.writeHead('c', counter(1), { create: true })).toBe('newer');
    expect(await counters.writeHead('c', counter(1), { create: false })).toBe('newer');
    expect(await counters.readHead('c')).toEqual(counter(2));
  });

  it('takes a head write refused by a unique index for one a newer version overtook', async () => {
    // A usage's stale write would take back a live key that a newer version freed and another usage took.
    await db.collection('counters').createIndex({ n: 1 }, { unique: true });
    await counters.writeHead('other', counter(1, 2), { create: true });
    await counters.writeHead('c', counter(1, 1), { create: true });
    expect(await counters.writeHead('c', counter(2, 2), { create: false })).toBe('newer');
    expect(await counters.readHead('c')).toEqual(counter(1, 1));
  });

  it('leaves the newest committed version as the head after 10 racing publishes of different versions, every time', async () => {
    const rounds = await race(20, async (round) => {
      const id = `c-${round}`;
      await committed(id, 10);
      await race(10, (i) => counters.publish(id, counter(i + 1), { create: true }));
      return (await counters.readHead(id))?.version;
    });
    expect(rounds).toEqual(Array(20).fill(10));
  });

  it('applies every one of 20 racing changes, each to the version before it', async () => {
    const outcomes = await race(20, () => counters.change('c', undefined, (c) => ({ version: 0, n: (c?.n ?? 0) + 1 }), { create: true }));
    expect(outcomes.map((o) => o.value?.n).toSorted((a, b) => a! - b!)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await counters.readHead('c')).toEqual(counter(20));
  });

  it('leaves a value alone when the change decides so, without writing', async () => {
    await counters.change('c', undefined, () => counter(0, 5), { create: true });
    expect(await counters.change('c', undefined, () => null, { create: true })).toEqual({ value: counter(1, 5), changed: false });
    expect(await counters.readVersion('c', 2)).toBeNull();
  });

  it('publishes a version a dead writer committed when a change finds its own work done there', async () => {
    await counters.change('c', undefined, () => counter(0, 1), { create: true });
    await counters.commit('c', counter(2, 7));
    const outcome = await counters.change('c', undefined, (c) => (c && c.n >= 7 ? null : { version: 0, n: 7 }), { create: true });
    expect(outcome).toEqual({ value: counter(2, 7), changed: false });
    expect(await counters.readHead('c')).toEqual(counter(2, 7));
  });

  it('builds on a version a dead writer committed before its head was written', async () => {
    await committed('c', 1);
    const outcome = await counters.change('c', undefined, (c) => ({ version: 0, n: (c?.n ?? 0) + 10 }), { create: true });
    expect(outcome).toEqual({ value: counter(2, 11), changed: true });
    expect(await counters.readHead('c')).toEqual(counter(2, 11));
  });

  it('takes its commit back when the value has no head and none may be created', async () => {
    const outcome = await counters.change('c', counter(1), (c) => ({ version: 0, n: (c?.n ?? 0) + 1 }), { create: false });
    expect(outcome).toEqual({ value: null, changed: false });
    expect(await counters.readVersion('c', 2)).toBeNull();
  });
});
