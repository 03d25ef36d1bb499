import { MemoryUsageStore } from '#shared/adapters/memory/usage-store.js';
import { describeUsageStoreContract } from './usage-store.contract.js';
import { memoryStore, mongoStore } from './store-harness.js';

describeUsageStoreContract(
  'memory',
  memoryStore(() => new MemoryUsageStore()),
);
describeUsageStoreContract('mongo', mongoStore('usages'));
