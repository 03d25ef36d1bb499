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

    it('shows the code without the letters of the name from then on, and never issues it again', async () => {
      await store().upsertProfile('zora', profile);
      expect(await store().reserveCode('ZOR-7K9Q', 'zora')).toBe('reserved');
      await store().attachReferralCode('zora', {
        referral_code: 'ZOR-7K9Q',
        status: 'active',
        generated_at: '2026-01-01T00:00:00.000Z',
        first_payment_deal_id: 'deal-1',
        deactivated_at: null,
        deactivation_reason: null,
        deactivated_by: null,
      });
      const c = await store().eraseProfile('zora', erasure());
      expect(c?.referral_code?.referral_code).toBe('***-7K9Q');
      expect((await store().eraseProfile('zora', erasure()))?.referral_code?.referral_code).toBe('***-7K9Q');
      expect((await store().getCustomer('zora'))?.referral_code?.referral_code).toBe('***-7K9Q');
      expect(await store().findCustomerByCode('ZOR-7K9Q')).toBeNull();
      expect(await store().reserveCode('ZOR-7K9Q', 'someone-else')).toBe('taken');
    });

    it("never activates an erased customer's code", async () => {
      await store().upsertProfile('zora', profile);
      await store().attachReferralCode('zora', {
        referral_code: 'ZOR-7K9Q',
        status: 'inactive',
        generated_at: '2026-01-01T00:00:00.000Z',
        first_payment_deal_id: 'deal-1',
        deactivated_at: '2026-01-02T00:00:00.000Z',
        deactivation_reason: 'customer erased',
        deactivated_by: 'ops',
      });
      await store().eraseProfile('zora', erasure());
      const patch = { status: 'active', deactivated_at: null, deactivation_reason: null, deactivated_by: null } as const;
      expect(await store().updateCodeStatus('zora', patch)).toBe(true);
      expect((await store().getCustomer('zora'))?.referral_code?.status).toBe('inactive');
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
