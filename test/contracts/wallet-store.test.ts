import { MemoryWalletStore } from '../../shared/points/wallet-store.memory.js';
import { describeWalletStoreContract } from './wallet-store.contract.js';
import { memoryStore, mongoStore } from './store-harness.js';

describeWalletStoreContract('memory', memoryStore(() => new MemoryWalletStore()));
describeWalletStoreContract('mongo', mongoStore('wallets'));
