import { MemoryAttemptStore } from '../../shared/abuse/attempt-store.memory.js';
import { describeAttemptStoreContract } from './attempt-store.contract.js';
import { memoryStore, mongoStore } from './store-harness.js';

describeAttemptStoreContract('memory', memoryStore(() => new MemoryAttemptStore()));
describeAttemptStoreContract('mongo', mongoStore('attempts'));
