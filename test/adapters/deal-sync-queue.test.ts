import { MemoryDealSyncQueue } from '#shared/adapters/memory/deal-sync-queue.js';
import { describeDealSyncQueueContract } from './deal-sync-queue.contract.js';
import { memoryStore, mongoStore } from './store-harness.js';

describeDealSyncQueueContract(
  'memory',
  memoryStore(() => new MemoryDealSyncQueue()),
);
describeDealSyncQueueContract('mongo', mongoStore('dealSyncQueue'));
