import { describe, expect, it } from 'vitest';
import type { CustomerSearch } from '#shared/customers/customer-lookup.js';
import type { CustomerStore } from '#shared/customers/customer-store.js';
import { developmentLookupKeys } from '#shared/trust/identity.js';
import { erasure } from './customer-erasure.contract.js';
import { referralCode } from './customer-store.contract.js';
import { useStore, type MakeStore } from './store-harness.js';

const none: CustomerSearch = { customerId: null, code: null, email: null, phone: null };
const keysOf = (email: string | null, phone: string | null) => developmentLookupKeys({ email, phone_number: phone, erasure: null });
const ids = (cs: ReadonlyArray<{ customer_id: string }>) => cs.map((c) => c.customer_id);

/** The contract of {@link CustomerStore.searchCustomers}, run against every adapter (the stores use the development hash key). */
export function describeCustomerSearchContract(name: string, makeStore: MakeStore<CustomerStore>): void {
  describe(`${name} customer store search`, () => {
    const store = useStore(makeStore);
    const asha = { name: 'Asha Rao', email: 'Asha.Rao+x@gmail.com', phone_number: '+91 98765 43210' };

    it('finds by id, by code and by the lookup keys of e-mail and phone, and nothing else', async () => {
      await store().upsertProfile('asha', asha);
      await store().attachReferralCode('asha', referralCode('ASH-7K2M'));
      await store().upsertProfile('other', { name: 'Other', email: 'other@example.com', phone_number: '+91 90000 00000' });
      const keys = keysOf('asharao@googlemail.com', '09876543210');
      expect(ids(await store().searchCustomers({ ...none, customerId: 'asha' }, 10))).toEqual(['asha']);
      expect(ids(await store().searchCustomers({ ...none, code: 'ASH-7K2M' }, 10))).toEqual(['asha']);
      expect(ids(await store().searchCustomers({ ...none, email: keys.email }, 10))).toEqual(['asha']);
      expect(ids(await store().searchCustomers({ ...none, phone: keys.phone }, 10))).toEqual(['asha']);
      expect(await store().searchCustomers(none, 10)).toEqual([]);
      expect(await store().searchCustomers({ ...none, customerId: 'nobody', code: 'ZZZ-0000' }, 10)).toEqual([]);
    });

    it('answers every customer a key finds, in id order, at most the limit', async () => {
      for (const id of ['c3', 'c1', 'c2']) await store().upsertProfile(id, { phone_number: '+91 91111 22222' });
      const phone = keysOf(null, '+91 91111 22222').phone;
      expect(ids(await store().searchCustomers({ ...none, phone }, 10))).toEqual(['c1', 'c2', 'c3']);
      expect(await store().searchCustomers({ ...none, phone }, 2)).toHaveLength(2);
      expect(ids(await store().searchCustomers({ ...none, customerId: 'c2', phone }, 10))).toEqual(['c1', 'c2', 'c3']);
    });

    it('follows every profile change: a new e-mail finds, the old one no longer does', async () => {
      await store().upsertProfile('asha', asha);
      await store().upsertProfile('asha', { email: 'asha@new.example' });
      await store().recordCompletedPayment('asha', 'deal-1', { phone_number: '+91 99999 88888' });
      expect(await store().searchCustomers({ ...none, email: keysOf('asha.rao@gmail.com', null).email }, 10)).toEqual([]);
      expect(ids(await store().searchCustomers({ ...none, email: keysOf('asha@new.example', null).email }, 10))).toEqual(['asha']);
      // A payment fills only what is missing: the phone on record stays.
      expect(ids(await store().searchCustomers({ ...none, phone: keysOf(null, asha.phone_number).phone }, 10))).toEqual(['asha']);
    });

    it('finds an erased customer by id only', async () => {
      await store().upsertProfile('asha', asha);
      await store().attachReferralCode('asha', referralCode('ASH-7K2M'));
      await store().eraseProfile('asha', erasure());
      const keys = keysOf(asha.email, asha.phone_number);
      expect(await store().searchCustomers({ ...none, code: 'ASH-7K2M', email: keys.email, phone: keys.phone }, 10)).toEqual([]);
      expect(await store().searchCustomers({ ...none, code: '***-7K2M' }, 10)).toHaveLength(1);
      expect(ids(await store().searchCustomers({ ...none, customerId: 'asha' }, 10))).toEqual(['asha']);
    });
  });
}
