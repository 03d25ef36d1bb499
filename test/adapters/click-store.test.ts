import { MemoryClickStore } from '#shared/adapters/memory/click-store.js';
import { describeClickStoreContract } from './click-store.contract.js';
import { memoryStore, mongoStore } from './store-harness.js';

describeClickStoreContract(
  'memory',
  memoryStore(() => new MemoryClickStore()),
);
describeClickStoreContract('mongo', mongoStore('clicks'));
