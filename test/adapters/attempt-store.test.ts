import { MemoryAttemptStore } from '#shared/adapters/memory/attempt-store.js';
import { describeAttemptStoreContract } from './attempt-store.contract.js';
import { memoryStore, mongoStore } from './store-harness.js';

describeAttemptStoreContract(
  'memory',
  memoryStore(() => new MemoryAttemptStore()),
);
describeAttemptStoreContract('mongo', mongoStore('attempts'));
