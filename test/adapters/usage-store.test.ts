import { MemoryUsageStore } from '#shared/adapters/memory/usage-store.js';
import { describeUsageStoreContract } from './usage-store.contract.js';
import { describeUsagePagesContract } from './usage-pages.contract.js';
import { fullCapabilities } from '#shared/adapters/mongo/update-isolation.js';
import { memoryStore, mongoStore } from './store-harness.js';

describeUsageStoreContract(
  'memory',
  memoryStore(() => new MemoryUsageStore()),
);
describeUsageStoreContract('mongo on DocumentDB', mongoStore('usages'));
// FerretDB v1 does not isolate updates: the races must hold without that too.
describeUsageStoreContract('mongo on FerretDB v1', mongoStore('usages', 'ferretdb'));
// The referrer's figures one per command, as FerretDB v1 needs them, on DocumentDB.
describeUsageStoreContract(
  'mongo on DocumentDB, one figure per command',
  mongoStore('usages', 'documentdb', { ...fullCapabilities, conditionalGroups: false }),
);
describeUsagePagesContract(
  'memory',
  memoryStore(() => new MemoryUsageStore()),
);
describeUsagePagesContract('mongo on DocumentDB', mongoStore('usages'));
