import { MemoryLedgerStore } from '../../shared/ledger/ledger-store.memory.js';
import { describeLedgerStoreContract } from './ledger-store.contract.js';
import { memoryStore, mongoStore } from './store-harness.js';

describeLedgerStoreContract('memory', memoryStore(() => new MemoryLedgerStore()));
describeLedgerStoreContract('mongo', mongoStore('ledger'));
