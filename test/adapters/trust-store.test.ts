import { MemoryTrustStore } from '#shared/adapters/memory/trust-store.js';
import { describeTrustStoreContract } from './trust-store.contract.js';
import { memoryStore, mongoStore } from './store-harness.js';

describeTrustStoreContract(
  'memory',
  memoryStore(() => new MemoryTrustStore()),
);
describeTrustStoreContract('mongo on DocumentDB', mongoStore('trust'));
// FerretDB v1 does not isolate updates: the races must hold without that too.
describeTrustStoreContract('mongo on FerretDB v1', mongoStore('trust', 'ferretdb'));
