import { MemoryCustomerStore } from '#shared/adapters/memory/customer-store.js';
import { describeCustomerStoreContract } from './customer-store.contract.js';
import { describeCustomerErasureContract } from './customer-erasure.contract.js';
import { describeCustomerSearchContract } from './customer-search.contract.js';
import { memoryStore, mongoStore } from './store-harness.js';

describeCustomerStoreContract(
  'memory',
  memoryStore(() => new MemoryCustomerStore()),
);
describeCustomerStoreContract('mongo', mongoStore('customers'));
describeCustomerErasureContract(
  'memory',
  memoryStore(() => new MemoryCustomerStore()),
);
describeCustomerErasureContract('mongo', mongoStore('customers'));
describeCustomerSearchContract(
  'memory',
  memoryStore(() => new MemoryCustomerStore()),
);
describeCustomerSearchContract('mongo', mongoStore('customers'));
