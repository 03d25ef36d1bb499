import { MemoryCustomerStore } from '../../shared/customers/customer-store.memory.js';
import { describeCustomerStoreContract } from './customer-store.contract.js';
import { memoryOptions, memoryStore, mongoOptions, mongoStore } from './store-harness.js';

describeCustomerStoreContract('memory', memoryStore(() => new MemoryCustomerStore()), memoryOptions);
describeCustomerStoreContract('mongo', mongoStore('customers'), mongoOptions);
