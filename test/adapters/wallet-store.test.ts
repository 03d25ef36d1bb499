import { MemoryWalletStore } from '../../shared/adapters/memory/wallet-store.js';
import { describeWalletStoreContract } from './wallet-store.contract.js';
import { memoryStore, mongoStore } from './store-harness.js';

describeWalletStoreContract(
  'memory',
  memoryStore(() => new MemoryWalletStore()),
);
describeWalletStoreContract('mongo', mongoStore('wallets'));
