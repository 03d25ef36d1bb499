import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillCustomers } from '#shared/adapters/mongo/backfill-customers.js';
import { mongoStores, type MongoStores } from '#shared/adapters/mongo/mongo-stores.js';
import { developmentLookupKeys } from '#shared/trust/identity.js';
import { connectTestDb, type TestDb } from '../../support/mongo.js';
import { erasure } from '../customer-erasure.contract.js';
import { referralCode } from '../customer-store.contract.js';

describe('npm run migrate: customers written before the admin search', () => {
  let t: TestDb;
  let stores: MongoStores;
  beforeAll(async () => {
    t = await connectTestDb('backfill_customers');
    stores = await mongoStores(t.db);
  });
  afterAll(() => t.drop());

  it('gives old heads their lookup keys and erased customers their marked code, once', async () => {
    const heads = t.db.collection<{ _id: string; lookup?: unknown }>('customers');
    for (const id of ['a', 'b', 'c']) {
      await stores.customers.upsertProfile(id, {
        name: `N ${id}`,
        email: `${id}@example.com`,
        phone_number: `+91 9000000${id === 'a' ? 1 : 2}00`,
      });
    }
    await stores.customers.attachReferralCode('c', referralCode('NCX-7K2M'));
    // As written before: no lookup on any head, and c erased with its code as it was.
    await heads.updateMany({}, { $unset: { lookup: '' } });
    await heads.updateOne({ _id: 'c' }, { $set: { erasure: erasure(), name: null, email: null, phone_number: null } });
    const email = developmentLookupKeys({ email: 'a@example.com', phone_number: null, erasure: null }).email;
    const search = { customerId: null, code: null, email, phone: null };
    expect(await stores.customers.searchCustomers(search, 10)).toEqual([]);

    const report = await backfillCustomers(t.db, stores.customers, developmentLookupKeys, { batch: 2 });
    expect(report).toEqual({ lookups_written: 3, codes_masked: 1 });
    expect((await stores.customers.searchCustomers(search, 10)).map((c) => c.customer_id)).toEqual(['a']);
    expect((await stores.customers.getCustomer('c'))?.referral_code?.referral_code).toBe('***-7K2M');
    expect((await heads.findOne({ _id: 'c' }))?.['lookup']).toEqual({ email: null, phone: null });
    expect(await backfillCustomers(t.db, stores.customers, developmentLookupKeys)).toEqual({ lookups_written: 0, codes_masked: 0 });
  });
});
