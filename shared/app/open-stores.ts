import { MemoryJobStateStore } from '../adapters/memory/job-state-store.js';
import { MemoryAttemptStore } from '../adapters/memory/attempt-store.js';
import type { Config } from './config.js';
import { MemoryCustomerStore } from '../adapters/memory/customer-store.js';
import { MemoryDealStore } from '../adapters/memory/deal-store.js';
import { MemoryDealSyncQueue } from '../adapters/memory/deal-sync-queue.js';
import { MemoryLedgerStore } from '../adapters/memory/ledger-store.js';
import { MemoryWalletStore } from '../adapters/memory/wallet-store.js';
import { MemoryUsageStore } from '../adapters/memory/usage-store.js';
import { MemoryTrustStore } from '../adapters/memory/trust-store.js';
import type { Stores } from '../core/context.js';
import { MemoryTermsStore } from '../adapters/memory/terms-store.js';
import { MemoryAuditStore } from '../adapters/memory/audit-store.js';
import type { LookupOf } from '../customers/customer-lookup.js';
import { lookupKeysOf } from '../trust/identity.js';
import { MemoryClickStore } from '../adapters/memory/click-store.js';
import { MemoryEventWarehouse } from '../adapters/memory/event-warehouse.js';
import { MemoryLiabilityHistoryStore } from '../adapters/memory/liability-history-store.js';

/** Stores plus a way to close their connections, and a line saying what they are. */
export interface OpenedStores {
  stores: Stores;
  description: string;
  close(): Promise<void>;
}

/** The embedded default: every store in memory; `lookupOf` makes the search's keys (the development key when not given). */
export function memoryStores(lookupOf?: LookupOf): Stores {
  return {
    customers: new MemoryCustomerStore(lookupOf),
    usages: new MemoryUsageStore(),
    wallets: new MemoryWalletStore(),
    ledger: new MemoryLedgerStore(),
    deals: new MemoryDealStore(),
    dealSyncQueue: new MemoryDealSyncQueue(),
    attempts: new MemoryAttemptStore(),
    jobState: new MemoryJobStateStore(),
    terms: new MemoryTermsStore(),
    trust: new MemoryTrustStore(),
    audit: new MemoryAuditStore(),
    clicks: new MemoryClickStore(),
    events: new MemoryEventWarehouse(),
    liabilityHistory: new MemoryLiabilityHistoryStore(),
  };
}

/**
 * Opens the stores the configuration names: MongoDB when `MONGODB_URI` is set, BigQuery deals
 * when a BigQuery project is set, memory otherwise. Adapters are imported only when used, so a
 * function that runs on memory never loads a database driver.
 */
export async function openStores(config: Config): Promise<OpenedStores> {
  const lookupOf = lookupKeysOf(config.rules.trust);
  const stores = memoryStores(lookupOf);
  const parts: string[] = [];
  const closers: Array<() => Promise<void>> = [];
  if (config.mongodb) {
    const { openMongoStores } = await import('../adapters/mongo/mongo-stores.js');
    const mongo = await openMongoStores(config.mongodb, { lookupOf, reminderDays: config.rules.expiryReminderDays });
    Object.assign(stores, mongo.stores);
    closers.push(() => mongo.close());
    parts.push(`customers, usages, points and ledger in MongoDB database ${config.mongodb.database}`);
  } else parts.push('customers, usages, points and ledger in memory');
  if (config.bigquery) {
    const { BigQueryDealStore } = await import('../adapters/bigquery/deal-store.js');
    const { BigQueryEventWarehouse } = await import('../adapters/bigquery/event-warehouse.js');
    const { events, ...bq } = config.bigquery;
    stores.deals = new BigQueryDealStore(bq);
    stores.events = new BigQueryEventWarehouse({
      projectId: bq.projectId,
      tableProject: events.projectId,
      dataset: events.dataset,
      ...(bq.apiEndpoint ? { apiEndpoint: bq.apiEndpoint } : {}),
    });
    parts.push(`deals in BigQuery ${bq.projectId}.${bq.dataset}.${bq.table}`);
    parts.push(`referral events in BigQuery ${events.projectId}.${events.dataset}.referral_events`);
  } else parts.push('deals and referral events in memory');
  return {
    stores,
    description: parts.join('; '),
    close: async () => {
      for (const close of closers) await close();
    },
  };
}
