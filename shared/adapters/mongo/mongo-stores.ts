import { MongoClient, type Db, type Document } from 'mongodb';
import { MongoAttemptStore } from './attempt-store.js';
import { MongoJobStateStore } from './job-state-store.js';
import { MongoCustomerStore } from './customer-store.js';
import { MongoDealSyncQueue } from './deal-sync-queue.js';
import { MongoLedgerStore } from './ledger-store.js';
import { MongoWalletStore } from './wallet-store.js';
import { MongoUsageStore } from './usage-store.js';
import { MongoTrustStore } from './trust-store.js';
import { probeCapabilities, type ServerCapabilities } from './update-isolation.js';
import { MongoTermsStore } from './terms-store.js';
import { MongoAuditStore } from './audit-store.js';
import type { LookupOf } from '../../customers/customer-lookup.js';
import { MongoClickStore } from './click-store.js';
import { MongoLiabilityHistoryStore } from './liability-history-store.js';

/** The stores kept in MongoDB (deals live in BigQuery). */
export interface MongoStores {
  customers: MongoCustomerStore;
  usages: MongoUsageStore;
  wallets: MongoWalletStore;
  ledger: MongoLedgerStore;
  dealSyncQueue: MongoDealSyncQueue;
  attempts: MongoAttemptStore;
  jobState: MongoJobStateStore;
  terms: MongoTermsStore;
  trust: MongoTrustStore;
  audit: MongoAuditStore;
  clicks: MongoClickStore;
  liabilityHistory: MongoLiabilityHistoryStore;
}

/** Options of {@link openMongoStores}. */
export interface MongoStoreOptions {
  /** Called with the name of every command sent to the server: one call, one round trip. */
  onCommand?: (name: string, command: Document) => void;
  /** The search's lookup keys of a customer (from the configured hash key; the development key when not given). */
  lookupOf?: LookupOf;
  /** Days before expiry a lot's reminder is due (`EXPIRY_REMINDER_DAYS`), for wallets split from the former snapshot shape. */
  reminderDays?: number;
}

/**
 * Creates every collection's indexes (idempotent), asks the server once what it can do (unless
 * `capabilities` says, as the contract tests do to run both paths on one server), and makes the
 * stores over `db`.
 */
export async function mongoStores(
  db: Db,
  options: Pick<MongoStoreOptions, 'lookupOf' | 'reminderDays'> & { capabilities?: ServerCapabilities } = {},
): Promise<MongoStores> {
  for (const create of [
    MongoCustomerStore,
    MongoUsageStore,
    MongoWalletStore,
    MongoLedgerStore,
    MongoAttemptStore,
    MongoTermsStore,
    MongoTrustStore,
    MongoAuditStore,
  ])
    await create.createIndexes(db);
  const can = options.capabilities ?? (await probeCapabilities(db));
  const isolation = { isolatedUpdates: can.isolatedUpdates };
  return {
    customers: new MongoCustomerStore(db, { ...isolation, ...(options.lookupOf ? { lookupOf: options.lookupOf } : {}) }),
    usages: new MongoUsageStore(db, can),
    wallets: new MongoWalletStore(db, can, options.reminderDays === undefined ? {} : { reminderDays: options.reminderDays }),
    ledger: new MongoLedgerStore(db),
    dealSyncQueue: new MongoDealSyncQueue(db),
    attempts: new MongoAttemptStore(db),
    jobState: new MongoJobStateStore(db),
    terms: new MongoTermsStore(db),
    trust: new MongoTrustStore(db),
    audit: new MongoAuditStore(db),
    clicks: new MongoClickStore(db),
    liabilityHistory: new MongoLiabilityHistoryStore(db),
  };
}

/**
 * Connects one client to `uri`, creates the indexes of `database` and returns its stores.
 * `close` ends the client; the stores must not be used after it.
 */
export async function openMongoStores(
  config: { uri: string; database: string },
  options: MongoStoreOptions = {},
): Promise<{ stores: MongoStores; close(): Promise<void> }> {
  const { onCommand, ...storeOptions } = options;
  const client = new MongoClient(config.uri, { monitorCommands: onCommand !== undefined });
  if (onCommand) client.on('commandStarted', (e) => onCommand(e.commandName, e.command));
  await client.connect();
  try {
    const stores = await mongoStores(client.db(config.database), storeOptions);
    return { stores, close: () => client.close() };
  } catch (err) {
    await client.close();
    throw err;
  }
}
