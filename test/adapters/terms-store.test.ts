import { MemoryTermsStore } from '#shared/adapters/memory/terms-store.js';
import { describeTermsStoreContract } from './terms-store.contract.js';
import { memoryStore, mongoStore } from './store-harness.js';

describeTermsStoreContract(
  'memory',
  memoryStore(() => new MemoryTermsStore()),
);
describeTermsStoreContract('mongo on DocumentDB', mongoStore('terms'));
// FerretDB v1 does not isolate updates: the races must hold without that too.
describeTermsStoreContract('mongo on FerretDB v1', mongoStore('terms', 'ferretdb'));
