/**
 * What every contract suite needs: a fresh store per test, and whether the server under the
 * store settles racing conditional updates of one document (MongoDB does; FerretDB v1 does not).
 */
import { afterEach, beforeEach } from 'vitest';
import { mongoStores, type MongoStores } from '../../shared/runtime/mongo-stores.js';
import { connectTestDb } from '../support/mongo.js';

/** A store and how to throw it away. */
export interface StoreUnderTest<S> {
  store: S;
  cleanup(): Promise<void>;
}

/** Makes a fresh, empty store. */
export type MakeStore<S> = () => Promise<StoreUnderTest<S>>;

/** What a contract suite must know about the server behind the store. */
export interface ContractOptions {
  /** Whether racing conditional updates of one document leave exactly one winner. */
  atomicUpdates(): Promise<boolean>;
}

/** Why a race test does not run on a server without atomic updates. */
export const needsAtomicUpdates =
  'the server applies conditional updates without isolation (FerretDB v1: it reads, then writes), so racing writers can all win';

/** A fresh store before each test of the enclosing `describe`, cleaned up after it. */
export function useStore<S>(makeStore: MakeStore<S>): () => S {
  let current: StoreUnderTest<S> | undefined;
  beforeEach(async () => {
    current = await makeStore();
  });
  afterEach(async () => {
    await current?.cleanup();
    current = undefined;
  });
  return () => {
    if (!current) throw new Error('The store exists only while a test runs');
    return current.store;
  };
}

/** An in-memory store: nothing to clean up, updates are atomic. */
export function memoryStore<S>(make: () => S): MakeStore<S> {
  return async () => ({ store: make(), cleanup: async () => {} });
}

/** Options for a memory fake. */
export const memoryOptions: ContractOptions = { atomicUpdates: async () => true };

/** A MongoDB store in its own fresh database on the test server, with its indexes. */
export function mongoStore<K extends keyof MongoStores>(kind: K): MakeStore<MongoStores[K]> {
  return async () => {
    const t = await connectTestDb(`contract_${kind}`);
    try {
      return { store: (await mongoStores(t.db))[kind], cleanup: () => t.drop() };
    } catch (err) {
      await t.drop();
      throw err;
    }
  };
}

let probed: Promise<boolean> | undefined;

/** Options for the test server, whose update isolation is measured once per test file. */
export const mongoOptions: ContractOptions = {
  atomicUpdates: () => (probed ??= probeAtomicUpdates()),
};

/**
 * Twenty writers race to move one document from version 1 to 2, ten times over: atomic
 * means one winner every time (a server without isolation can produce one winner by luck).
 */
async function probeAtomicUpdates(): Promise<boolean> {
  const t = await connectTestDb('probe_atomic_updates');
  try {
    const c = t.db.collection<{ _id: string; version: number }>('probe');
    for (let round = 0; round < 10; round += 1) {
      await c.insertOne({ _id: `doc-${round}`, version: 1 });
      const writes = await Promise.all(
        Array.from({ length: 20 }, () => c.updateOne({ _id: `doc-${round}`, version: 1 }, { $set: { version: 2 } })),
      );
      if (writes.filter((w) => w.modifiedCount === 1).length !== 1) return false;
    }
    return true;
  } finally {
    await t.drop();
  }
}
