import { MemoryWalletStore } from '#shared/adapters/memory/wallet-store.js';
import { describeWalletStoreContract } from './wallet-store.contract.js';
import { memoryStore, mongoStore } from './store-harness.js';

describeWalletStoreContract(
  'memory',
  memoryStore(() => new MemoryWalletStore()),
  { isolatesUpdates: true },
);
// The test server may be FerretDB v1, which does not isolate updates: the race asserts only what holds there.
describeWalletStoreContract('mongo', mongoStore('wallets'), { isolatesUpdates: false });
