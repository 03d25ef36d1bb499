import { MemoryWalletStore } from '../../shared/points/wallet-store.memory.js';
import { describeWalletStoreContract } from './wallet-store.contract.js';
import { memoryOptions, memoryStore, mongoOptions, mongoStore } from './store-harness.js';

describeWalletStoreContract('memory', memoryStore(() => new MemoryWalletStore()), memoryOptions);
describeWalletStoreContract('mongo', mongoStore('wallets'), mongoOptions);
