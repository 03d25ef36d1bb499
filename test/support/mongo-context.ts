import { afterAll, inject } from 'vitest';
import type { Context } from '#shared/core/context.js';
import { openMongoStores } from '#shared/adapters/mongo/mongo-stores.js';
import { domainContext } from './domain-context.js';

const opened: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  for (const o of opened.splice(0)) await o.close();
});

let n = 0;

/** A use-case context whose stores are the MongoDB adapters on the test server, in a fresh database. */
export async function mongoContext(env: Record<string, string> = {}): Promise<ReturnType<typeof domainContext>> {
  n += 1;
  const mongo = await openMongoStores({ uri: inject('mongodbUri'), database: `flows_${process.pid}_${Date.now()}_${n}` });
  opened.push(mongo);
  return domainContext(env, mongo.stores);
}

/** The same, typed as a plain context, for helpers that take a factory. */
export const mongoContextFactory = (): Promise<Context> => mongoContext();
