import { MemoryUsageStore } from '../../shared/adapters/memory/usage-store.js';
import { MongoUsageStore } from '../../shared/adapters/mongo/usage-store.js';
import { connectTestDb } from '../support/mongo.js';
import { describeUsageStoreContract } from './usage-store.contract.js';
import { memoryStore, mongoStore } from './store-harness.js';

describeUsageStoreContract(
  'memory',
  memoryStore(() => new MemoryUsageStore()),
);
// On the test server (FerretDB v1) the store turns its _id-keyed hints on; MongoDB's way, the indexed query alone, is checked too.
describeUsageStoreContract('mongo', mongoStore('usages'));
describeUsageStoreContract('mongo without key hints', async () => {
  const t = await connectTestDb('contract_usages_plain');
  await MongoUsageStore.createIndexes(t.db);
  return { store: new MongoUsageStore(t.db, { isolatedUpdates: false, keyHints: false }), cleanup: () => t.drop() };
});
