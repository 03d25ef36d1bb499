import { MemoryTrustStore } from '#shared/adapters/memory/trust-store.js';
import { describeTrustStoreContract } from './trust-store.contract.js';
import { memoryStore, mongoStore } from './store-harness.js';

describeTrustStoreContract(
  'memory',
  memoryStore(() => new MemoryTrustStore()),
);
describeTrustStoreContract('mongo', mongoStore('trust'));
