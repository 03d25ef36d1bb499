import { MemoryUsageStore } from '../../shared/usages/usage-store.memory.js';
import { describeUsageStoreContract } from './usage-store.contract.js';
import { memoryOptions, memoryStore, mongoOptions, mongoStore } from './store-harness.js';

describeUsageStoreContract('memory', memoryStore(() => new MemoryUsageStore()), memoryOptions);
describeUsageStoreContract('mongo', mongoStore('usages'), mongoOptions);
