/**
 * Per-test-file database on the server provided by ./mongo-global-setup.ts.
 *
 *   const t = await connectTestDb('ledger');
 *   afterAll(() => t.drop());
 */
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { MongoClient, type Db } from 'mongodb';
import type {} from './mongo-global-setup.js';

export interface TestDb {
  client: MongoClient;
  db: Db;
  /** Drops the database and closes the client. Safe to call twice. */
  drop(): Promise<void>;
}

/**
 * The two MongoDB-wire test servers: DocumentDB, where every Mongo suite runs, and FerretDB v1,
 * which does not isolate single-document updates, for the races and crash flows that must hold
 * without that guarantee (both are MONGODB_URI when it is set).
 */
export type TestServer = 'documentdb' | 'ferretdb';

/** Both servers, for suites that run on each. */
export const testServers: readonly TestServer[] = ['documentdb', 'ferretdb'];

/** The connection string of a test server (from ./mongo-global-setup.ts). */
export function testServerUri(server: TestServer = 'documentdb'): string {
  const uri = inject(server === 'documentdb' ? 'mongodbUri' : 'ferretdbUri');
  if (!uri) {
    throw new Error("inject('mongodbUri') is empty: add test/support/mongo-global-setup.ts to `globalSetup` in vitest.config.ts");
  }
  return uri;
}

/**
 * Connects to a test server and picks a fresh database named
 * `<prefix>_<random>`, so test files (and tests) never share data.
 */
export async function connectTestDb(prefix: string, server: TestServer = 'documentdb'): Promise<TestDb> {
  const uri = testServerUri(server);
  // Database names: keep to [A-Za-z0-9_-] and well under the 63-character limit.
  const safePrefix = prefix.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40) || 'test';
  const name = `${safePrefix}_${randomBytes(6).toString('hex')}`;
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000 });
  await client.connect();
  const db = client.db(name);
  let dropped: Promise<void> | undefined;
  return {
    client,
    db,
    drop(): Promise<void> {
      dropped ??= (async () => {
        try {
          await db.dropDatabase();
        } finally {
          await client.close();
        }
      })();
      return dropped;
    },
  };
}
