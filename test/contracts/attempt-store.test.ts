import { MemoryAttemptStore } from '../../shared/abuse/attempt-store.memory.js';
import { describeAttemptStoreContract } from './attempt-store.contract.js';
import { memoryOptions, memoryStore, mongoOptions, mongoStore } from './store-harness.js';

describeAttemptStoreContract('memory', memoryStore(() => new MemoryAttemptStore()), memoryOptions);
describeAttemptStoreContract('mongo', mongoStore('attempts'), mongoOptions);
