import { MemoryAttemptStore } from '#shared/adapters/memory/attempt-store.js';
import { describeAttemptStoreContract } from './attempt-store.contract.js';
import { memoryStore, mongoStore } from './store-harness.js';

describeAttemptStoreContract(
  'memory',
  memoryStore(() => new MemoryAttemptStore()),
);
describeAttemptStoreContract('mongo on DocumentDB', mongoStore('attempts'));
// FerretDB v1 does not isolate updates: the races must hold without that too.
describeAttemptStoreContract('mongo on FerretDB v1', mongoStore('attempts', 'ferretdb'));
