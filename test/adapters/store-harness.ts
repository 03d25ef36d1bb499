/** What every contract suite needs: a fresh store per test, on memory or on the test server. */
import { afterEach, beforeEach } from 'vitest';
import { mongoStores, type MongoStores } from '#shared/adapters/mongo/mongo-stores.js';
import type { ServerCapabilities } from '#shared/adapters/mongo/update-isolation.js';
import { connectTestDb, type TestServer } from '../support/mongo.js';

/** A store and how to throw it away. */
export interface StoreUnderTest<S> {
  store: S;
  cleanup(): Promise<void>;
}

/** Makes a fresh, empty store. */
export type MakeStore<S> = () => Promise<StoreUnderTest<S>>;

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

/** An in-memory store: nothing to clean up. */
export function memoryStore<S>(make: () => S): MakeStore<S> {
  return async () => ({ store: make(), cleanup: async () => {} });
}

/** A MongoDB store in its own fresh database on a test server (DocumentDB unless asked), with its indexes. */
export function mongoStore<K extends keyof MongoStores>(
  kind: K,
  server: TestServer = 'documentdb',
  /** What the stores may use, instead of what the server says: the other path on the same server. */
  capabilities?: ServerCapabilities,
): MakeStore<MongoStores[K]> {
  return async () => {
    const t = await connectTestDb(`contract_${kind}`, server);
    try {
      return { store: (await mongoStores(t.db, { capabilities }))[kind], cleanup: () => t.drop() };
    } catch (err) {
      await t.drop();
      throw err;
    }
  };
}

/** Starts `n` calls at once and waits for all of them. */
export function race<T>(n: number, call: (i: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => call(i)));
}
