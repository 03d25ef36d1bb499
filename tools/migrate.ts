/**
 * `npm run migrate`: turns a database written before the ledger became the wallets' commit log
 * into the current shape (shared/adapters/mongo/migrate-wallets.ts), and gives customers written
 * before the admin search their lookup keys and erased customers their marked code
 * (shared/adapters/mongo/backfill-customers.ts), on MONGODB_URI. Idempotent and resumable: run it
 * until it says done; running it again does nothing.
 */
import { MongoClient } from 'mongodb';
import { loadConfigOrExit } from '#shared/app/config.js';
import { createRuntime } from '#shared/app/runtime.js';
import { memoryLogger } from '#shared/core/logger.js';
import { customerVersionsKept, MongoCustomerStore } from '#shared/adapters/mongo/customer-store.js';
import { backfillCustomers } from '#shared/adapters/mongo/backfill-customers.js';
import { isolatesUpdates } from '#shared/adapters/mongo/update-isolation.js';
import { lookupKeysOf } from '#shared/trust/identity.js';
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
  const db = client.db(config.mongodb.database);
  const report = await migrateWallets(db, { keepCustomerVersions: customerVersionsKept, reminderDays: config.rules.expiryReminderDays });
  await publishEvents(runtime.ctx.publisher, report.events_recovered);
  const lookupOf = lookupKeysOf(config.rules.trust);
  const customers = new MongoCustomerStore(db, { isolatedUpdates: await isolatesUpdates(db), lookupOf });
  const backfill = await backfillCustomers(db, customers, lookupOf);
  const { events_recovered: events, ...rest } = report;
  process.stdout.write(`${JSON.stringify({ ...rest, events_published: events.length, ...backfill }, null, 2)}\n`);
} finally {
  await runtime.close();
  await client.close();
}
