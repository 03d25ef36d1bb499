import { MemoryUsageStore } from '#shared/adapters/memory/usage-store.js';
import { describeUsageStoreContract } from './usage-store.contract.js';
import { describeUsagePagesContract } from './usage-pages.contract.js';
import { memoryStore, mongoStore } from './store-harness.js';

describeUsageStoreContract(
  'memory',
  memoryStore(() => new MemoryUsageStore()),
);
describeUsageStoreContract('mongo', mongoStore('usages'));
describeUsagePagesContract(
  'memory',
  memoryStore(() => new MemoryUsageStore()),
);
describeUsagePagesContract('mongo', mongoStore('usages'));
