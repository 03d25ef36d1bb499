import { MemoryLedgerStore } from '#shared/adapters/memory/ledger-store.js';
import { describeLedgerStoreContract } from './ledger-store.contract.js';
import { memoryStore, mongoStore } from './store-harness.js';

describeLedgerStoreContract(
  'memory',
  memoryStore(() => new MemoryLedgerStore()),
);
describeLedgerStoreContract('mongo on DocumentDB', mongoStore('ledger'));
// FerretDB v1 does not isolate updates: the races must hold without that too.
describeLedgerStoreContract('mongo on FerretDB v1', mongoStore('ledger', 'ferretdb'));
