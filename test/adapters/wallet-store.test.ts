import { MemoryWalletStore } from '#shared/adapters/memory/wallet-store.js';
import { describeWalletStoreContract } from './wallet-store.contract.js';
import { fullCapabilities } from '#shared/adapters/mongo/update-isolation.js';
import { memoryStore, mongoStore } from './store-harness.js';

describeWalletStoreContract(
  'memory',
  memoryStore(() => new MemoryWalletStore()),
  { isolatesUpdates: true },
);
describeWalletStoreContract('mongo on DocumentDB', mongoStore('wallets'), { isolatesUpdates: true });
// FerretDB v1 does not isolate updates: the race asserts only what holds there.
describeWalletStoreContract('mongo on FerretDB v1', mongoStore('wallets', 'ferretdb'), { isolatesUpdates: false });
// The paths FerretDB v1 needs (four aggregations for the totals, bulk writes of 50), on DocumentDB.
describeWalletStoreContract(
  'mongo on DocumentDB, one figure per aggregation and 50 statements per update',
  mongoStore('wallets', 'documentdb', { ...fullCapabilities, conditionalGroups: false, updateBatch: 50 }),
  { isolatesUpdates: true },
);
