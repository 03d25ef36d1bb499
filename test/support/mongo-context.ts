import { afterAll } from 'vitest';
import type { Context } from '#shared/core/context.js';
import { openMongoStores } from '#shared/adapters/mongo/mongo-stores.js';
import { domainContext } from './domain-context.js';
import { testServerUri, type TestServer } from './mongo.js';

const opened: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  for (const o of opened.splice(0)) await o.close();
});

let n = 0;

/** A use-case context whose stores are the MongoDB adapters on a test server (DocumentDB unless asked), in a fresh database. */
export async function mongoContext(
  env: Record<string, string> = {},
  server: TestServer = 'documentdb',
): Promise<ReturnType<typeof domainContext>> {
  n += 1;
  const mongo = await openMongoStores({ uri: testServerUri(server), database: `flows_${process.pid}_${Date.now()}_${n}` });
  opened.push(mongo);
  return domainContext(env, mongo.stores);
}

/** The same, typed as a plain context, for helpers that take a factory. */
export const mongoContextFactory =
  (server: TestServer = 'documentdb') =>
  (): Promise<Context> =>
    mongoContext({}, server);
