import { describe, expect, inject, it } from 'vitest';
import { openMongoStores } from '#shared/adapters/mongo/mongo-stores.js';

describe('openMongoStores', () => {
  it('opens a database a second and third time, its indexes already there', async () => {
    const config = { uri: inject('mongodbUri'), database: `reopen_${Date.now()}` };
    for (let i = 0; i < 3; i += 1) {
      const opened = await openMongoStores(config);
      expect(await opened.stores.customers.getCustomer('nobody')).toBeNull();
      await opened.close();
    }
  });
});
