import { MemoryLiabilityHistoryStore } from '#shared/adapters/memory/liability-history-store.js';
import { describeLiabilityHistoryContract } from './liability-history-store.contract.js';
import { memoryStore, mongoStore } from './store-harness.js';

describeLiabilityHistoryContract(
  'memory',
  memoryStore(() => new MemoryLiabilityHistoryStore()),
);
describeLiabilityHistoryContract('mongo', mongoStore('liabilityHistory'));
