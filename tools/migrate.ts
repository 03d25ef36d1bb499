/**
 * `npm run migrate`: turns a database written before the ledger became the wallets' commit log
 * into the current shape (shared/adapters/mongo/migrate-wallets.ts), on MONGODB_URI. Idempotent
 * and resumable: run it until it says done; running it again does nothing.
 */
import { MongoClient } from 'mongodb';
import { loadConfigOrExit } from '#shared/app/config.js';
import { createRuntime } from '#shared/app/runtime.js';
import { memoryLogger } from '#shared/core/logger.js';
import { customerVersionsKept } from '#shared/adapters/mongo/customer-store.js';
import { migrateWallets } from '#shared/adapters/mongo/migrate-wallets.js';
import { publishEvents } from '#shared/notifications/publish-events.js';

const config = loadConfigOrExit();
if (!config.mongodb) {
  process.stderr.write('Invalid configuration: MONGODB_URI: npm run migrate needs the database to migrate\n');
  process.exit(1);
}
const client = new MongoClient(config.mongodb.uri);
await client.connect();
const runtime = await createRuntime(config, { logger: memoryLogger() });
try {
  const report = await migrateWallets(client.db(config.mongodb.database), { keepCustomerVersions: customerVersionsKept });
  await publishEvents(runtime.ctx.publisher, report.events_recovered);
  const { events_recovered: events, ...rest } = report;
  process.stdout.write(`${JSON.stringify({ ...rest, events_published: events.length }, null, 2)}\n`);
} finally {
  await runtime.close();
  await client.close();
}
