import { MemoryTermsStore } from '#shared/adapters/memory/terms-store.js';
import { describeTermsStoreContract } from './terms-store.contract.js';
import { memoryStore, mongoStore } from './store-harness.js';

describeTermsStoreContract(
  'memory',
  memoryStore(() => new MemoryTermsStore()),
);
describeTermsStoreContract('mongo', mongoStore('terms'));
