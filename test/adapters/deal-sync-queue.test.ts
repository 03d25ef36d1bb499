import { MemoryDealSyncQueue } from '#shared/adapters/memory/deal-sync-queue.js';
import { describeDealSyncQueueContract } from './deal-sync-queue.contract.js';
import { memoryStore, mongoStore } from './store-harness.js';

describeDealSyncQueueContract(
  'memory',
  memoryStore(() => new MemoryDealSyncQueue()),
);
describeDealSyncQueueContract('mongo on DocumentDB', mongoStore('dealSyncQueue'));
// FerretDB v1 does not isolate updates: the races must hold without that too.
describeDealSyncQueueContract('mongo on FerretDB v1', mongoStore('dealSyncQueue', 'ferretdb'));
