import { MemoryAuditStore } from '#shared/adapters/memory/audit-store.js';
import { describeAuditStoreContract } from './audit-store.contract.js';
import { memoryStore, mongoStore } from './store-harness.js';

describeAuditStoreContract(
  'memory',
  memoryStore(() => new MemoryAuditStore()),
);
describeAuditStoreContract('mongo', mongoStore('audit'));
