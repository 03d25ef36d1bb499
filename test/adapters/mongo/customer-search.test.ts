import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openMongoStores } from '#shared/adapters/mongo/mongo-stores.js';
import { searchCustomers } from '#shared/customers/search-customers.js';
import { domainContext } from '../../support/domain-context.js';
import { connectTestDb, type TestDb } from '../../support/mongo.js';
import { referralCode } from '../customer-store.contract.js';

/** The admin search on the MongoDB-wire server: found from the indexed lookups, a few commands whatever the number of customers. */
describe('customer search, on the MongoDB-wire server', () => {
  let t: TestDb;
  let opened: Awaited<ReturnType<typeof openMongoStores>>;
  let seen: string[] | null = null;
  const customers = 60;

  beforeAll(async () => {
    t = await connectTestDb('customer_search');
    opened = await openMongoStores({ uri: inject('mongodbUri'), database: t.db.databaseName }, { onCommand: (name) => seen?.push(name) });
    for (let i = 0; i < customers; i += 1) {
      const id = `c-${String(i).padStart(3, '0')}`;
      await opened.stores.customers.upsertProfile(id, {
        name: `Person ${i}`,
        email: `person.${i}@gmail.com`,
        phone_number: `+91 98000 ${String(i).padStart(5, '0')}`,
      });
      await opened.stores.customers.attachReferralCode(
        id,
        referralCode(
          `PER-${String(i)
            .padStart(4, '0')
            .replace(/[ILOU]/g, '0')}`,
        ),
      );
    }
  });

  afterAll(async () => {
    await opened.close();
    await t.drop();
  });

  it.each([
    ['an id', 'c-042', 'customer_id'],
    ['a code typed carelessly', ' per0042 ', 'code'],
    ['an e-mail as Gmail reads it', 'Person42+trip@googlemail.com', 'email'],
    ['a phone in another spelling', '0980-0000-042', 'phone'],
  ])('finds one customer among many by %s in one find', async (_name, query, by) => {
    const ctx = domainContext({}, opened.stores);
    seen = [];
    const { matches } = await searchCustomers(ctx, query);
    const sent = seen;
    seen = null;
    expect(matches).toEqual([expect.objectContaining({ customer_id: 'c-042', matched_by: by, name: 'Person 42' })]);
    expect(sent.length).toBeLessThanOrEqual(3);
    expect(sent).toEqual(['find']);
  });

  it('keeps an index on every key the search asks for', async () => {
    const keys = (await t.db.collection('customers').indexes()).map((i) => Object.keys(i.key).join(','));
    expect(keys).toEqual(expect.arrayContaining(['_id', 'referral_code.referral_code', 'lookup.email', 'lookup.phone']));
  });

  it('keeps only hashes in the lookup, never the e-mail or phone', async () => {
    const head = await t.db.collection('customers').findOne({ _id: 'c-042' as never });
    expect(head?.['lookup']).toEqual({ email: expect.stringMatching(/^[0-9a-f]{64}$/), phone: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });
});
