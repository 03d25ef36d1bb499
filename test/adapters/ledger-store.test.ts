import { MemoryLedgerStore } from '#shared/adapters/memory/ledger-store.js';
import { describeLedgerStoreContract } from './ledger-store.contract.js';
import { memoryStore, mongoStore } from './store-harness.js';

describeLedgerStoreContract(
  'memory',
  memoryStore(() => new MemoryLedgerStore()),
);
describeLedgerStoreContract('mongo', mongoStore('ledger'));
