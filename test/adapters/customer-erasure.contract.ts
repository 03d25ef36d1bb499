import { describe, expect, it } from 'vitest';
import type { CustomerErasure } from '#shared/customers/customer.js';
import type { CustomerStore } from '#shared/customers/customer-store.js';
import { useStore, type MakeStore } from './store-harness.js';

/** An erasure as the use case gives it to the store. */
export function erasure(overrides: Partial<CustomerErasure> = {}): CustomerErasure {
  return {
    email_hash: 'e'.repeat(64),
    phone_hash: 'p'.repeat(64),
    email_disposable: false,
    erased_at: '2026-02-01T00:00:00.000Z',
    erased_by: 'ops',
    reason: 'asked under DPDP',
    ...overrides,
  };
}

/** The contract of {@link CustomerStore.eraseProfile}, run against every adapter. */
export function describeCustomerErasureContract(name: string, makeStore: MakeStore<CustomerStore>): void {
  describe(`${name} customer store erasure`, () => {
    const store = useStore(makeStore);
    const profile = { name: 'Zora Quill', email: 'zora@example.com', phone_number: '+91 90000 11111' };

    it('erases name, e-mail and phone and keeps the erasure', async () => {
      await store().upsertProfile('zora', profile);
      await store().recordCompletedPayment('zora', 'deal-1', {});
      const c = await store().eraseProfile('zora', erasure());
      expect(c).toMatchObject({ name: null, email: null, phone_number: null, paid_deal_ids: ['deal-1'], erasure: erasure() });
      expect(await store().getCustomer('zora')).toEqual(c);
    });

    it('keeps the first erasure on a repeat', async () => {
      await store().upsertProfile('zora', profile);
      await store().eraseProfile('zora', erasure());
      const again = await store().eraseProfile('zora', erasure({ erased_by: 'someone-else', reason: 'again' }));
      expect(again?.erasure).toEqual(erasure());
    });

    it('erases no customer it does not know', async () => {
      expect(await store().eraseProfile('nobody', erasure())).toBeNull();
      expect(await store().getCustomer('nobody')).toBeNull();
    });

    it('stores no profile told after the erasure', async () => {
      await store().upsertProfile('zora', profile);
      await store().eraseProfile('zora', erasure());
      await store().upsertProfile('zora', profile);
      await store().recordCompletedPayment('zora', 'deal-2', profile);
      expect(await store().getCustomer('zora')).toMatchObject({ name: null, email: null, phone_number: null, paid_deal_ids: ['deal-2'] });
    });

    it('reads a customer stored before erasure existed as not erased', async () => {
      await store().upsertProfile('zora', profile);
      expect((await store().getCustomer('zora'))?.erasure).toBeNull();
    });
  });
}
