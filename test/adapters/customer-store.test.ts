import { MemoryCustomerStore } from '#shared/adapters/memory/customer-store.js';
import { describeCustomerStoreContract } from './customer-store.contract.js';
import { describeCustomerErasureContract } from './customer-erasure.contract.js';
import { describeCustomerSearchContract } from './customer-search.contract.js';
import { memoryStore, mongoStore } from './store-harness.js';

describeCustomerStoreContract(
  'memory',
  memoryStore(() => new MemoryCustomerStore()),
);
describeCustomerStoreContract('mongo on DocumentDB', mongoStore('customers'));
// FerretDB v1 does not isolate updates: the races must hold without that too.
describeCustomerStoreContract('mongo on FerretDB v1', mongoStore('customers', 'ferretdb'));
describeCustomerErasureContract(
  'memory',
  memoryStore(() => new MemoryCustomerStore()),
);
describeCustomerErasureContract('mongo on DocumentDB', mongoStore('customers'));
describeCustomerSearchContract(
  'memory',
  memoryStore(() => new MemoryCustomerStore()),
);
describeCustomerSearchContract('mongo on DocumentDB', mongoStore('customers'));
