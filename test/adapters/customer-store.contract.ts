import { describe, expect, it } from 'vitest';
import { newCustomer, type DisabledLog, type ReferralCode } from '#shared/customers/customer.js';
import type { CustomerStore } from '#shared/customers/customer-store.js';
import { race, useStore, type MakeStore } from './store-harness.js';

/** A code as generation embeds it. */
export function referralCode(code: string, overrides: Partial<ReferralCode> = {}): ReferralCode {
  return {
    referral_code: code,
    status: 'active',
    generated_at: '2025-01-01T00:00:00.000Z',
    first_payment_deal_id: `deal-of-${code}`,
    deactivated_at: null,
    deactivation_reason: null,
    deactivated_by: null,
    ...overrides,
  };
}

/** An admin disabling (or enabling) a customer. */
export function disabledLog(action: DisabledLog['action'], at = '2025-01-01T00:00:00.000Z'): DisabledLog {
  return { action, reason: action === 'disabled' ? 'fraud' : null, actor: 'ops', at };
}

const inactive = {
  status: 'inactive' as const,
  deactivated_at: '2025-02-01T00:00:00.000Z',
  deactivation_reason: 'abuse',
  deactivated_by: 'ops',
};

/** The contract of {@link CustomerStore}, run against every adapter. */
export function describeCustomerStoreContract(name: string, makeStore: MakeStore<CustomerStore>): void {
  describe(`${name} customer store`, () => {
    const store = useStore(makeStore);

    async function referrer(id = 'ref-1', code = 'ASH-7K2M'): Promise<void> {
      await store().upsertProfile(id, { name: 'Asha' });
      await store().attachReferralCode(id, referralCode(code));
    }

    describe('profiles and payments', () => {
      it('knows no customer before anything is recorded', async () => {
        expect(await store().getCustomer('nobody')).toBeNull();
      });

      it('creates a customer with the given profile and nothing else on record', async () => {
        const c = await store().upsertProfile('c-1', { name: 'Asha', email: 'asha@example.com' });
        expect(c).toEqual(newCustomer('c-1', { name: 'Asha', email: 'asha@example.com' }));
        expect(await store().getCustomer('c-1')).toEqual(c);
      });

      it('creates a customer from an empty profile', async () => {
        expect(await store().upsertProfile('c-1', {})).toEqual(newCustomer('c-1'));
        expect(await store().getCustomer('c-1')).toEqual(newCustomer('c-1'));
      });

      it('changes only the profile fields it is given, and clears those given as null', async () => {
        await store().upsertProfile('c-1', { name: 'Asha', email: 'asha@example.com', phone_number: '+91 98765 43210' });
        const c = await store().upsertProfile('c-1', { name: 'Asha K', phone_number: null });
        expect([c.name, c.email, c.phone_number]).toEqual(['Asha K', 'asha@example.com', null]);
        expect(await store().getCustomer('c-1')).toEqual(c);
      });

      it('answers a profile that changes nothing with the customer as it is', async () => {
        await referrer('c-1');
        const before = await store().getCustomer('c-1');
        expect(await store().upsertProfile('c-1', { name: 'Asha' })).toEqual(before);
      });

      it('records a completed payment for a customer it did not know, with the payment profile', async () => {
        const c = await store().recordCompletedPayment('c-1', 'deal-1', { name: 'Asha', email: null });
        expect(c).toEqual({ ...newCustomer('c-1', { name: 'Asha' }), paid_deal_ids: ['deal-1'] });
        expect(await store().getCustomer('c-1')).toEqual(c);
      });

      it('records each paid deal once however often the payment is delivered', async () => {
        await store().recordCompletedPayment('c-1', 'deal-1', {});
        await store().recordCompletedPayment('c-1', 'deal-2', {});
        const c = await store().recordCompletedPayment('c-1', 'deal-1', {});
        expect(c.paid_deal_ids).toEqual(['deal-1', 'deal-2']);
        expect((await store().getCustomer('c-1'))?.paid_deal_ids).toEqual(['deal-1', 'deal-2']);
      });

      it('fills only the profile fields that are still empty from a payment', async () => {
        await store().upsertProfile('c-1', { name: 'Asha' });
        const c = await store().recordCompletedPayment('c-1', 'deal-1', { name: 'Someone Else', email: 'asha@example.com' });
        expect([c.name, c.email, c.phone_number]).toEqual(['Asha', 'asha@example.com', null]);
        expect(await store().getCustomer('c-1')).toEqual(c);
      });

      it('fills an empty profile field from a redelivered payment', async () => {
        await store().recordCompletedPayment('c-1', 'deal-1', {});
        const c = await store().recordCompletedPayment('c-1', 'deal-1', { phone_number: '+91 98765 43210' });
        expect([c.phone_number, c.paid_deal_ids]).toEqual(['+91 98765 43210', ['deal-1']]);
      });

      it('records every one of 20 concurrent first payments of a new customer', async () => {
        const results = await race(20, (i) => store().recordCompletedPayment('c-1', `deal-${i}`, { name: 'Asha' }));
        expect(results.every((c, i) => c.customer_id === 'c-1' && c.name === 'Asha' && c.paid_deal_ids.includes(`deal-${i}`))).toBe(true);
        expect((await store().getCustomer('c-1'))?.paid_deal_ids.toSorted()).toEqual(
          Array.from({ length: 20 }, (_, i) => `deal-${i}`).sort(),
        );
      });

      it('records every one of 20 concurrent payments of a known customer', async () => {
        await store().upsertProfile('c-1', { name: 'Asha' });
        await race(20, (i) => store().recordCompletedPayment('c-1', `deal-${i}`, {}));
        expect((await store().getCustomer('c-1'))?.paid_deal_ids.toSorted()).toEqual(
          Array.from({ length: 20 }, (_, i) => `deal-${i}`).sort(),
        );
      });

      it('keeps every one of concurrent changes of different kinds to one customer', async () => {
        await store().upsertProfile('c-1', { name: 'Asha' });
        await Promise.all([
          store().upsertProfile('c-1', { email: 'asha@example.com' }),
          store().attachReferralCode('c-1', referralCode('ASH-7K2M')),
          store().setDisabled('c-1', true, disabledLog('disabled')),
          ...Array.from({ length: 5 }, (_, i) => store().recordCompletedPayment('c-1', `deal-${i}`, { phone_number: '+91 98765 43210' })),
        ]);
        const c = await store().getCustomer('c-1');
        expect(c).toEqual({
          ...newCustomer('c-1', { name: 'Asha', email: 'asha@example.com', phone_number: '+91 98765 43210' }),
          is_disabled: true,
          disabled_logs: [disabledLog('disabled')],
          paid_deal_ids: c?.paid_deal_ids,
          referral_code: referralCode('ASH-7K2M'),
        });
        expect(c?.paid_deal_ids.toSorted()).toEqual(['deal-0', 'deal-1', 'deal-2', 'deal-3', 'deal-4']);
      });

      it('disables a customer and keeps every enable and disable in order', async () => {
        await store().upsertProfile('c-1', { name: 'Asha' });
        await store().setDisabled('c-1', true, disabledLog('disabled', '2025-01-01T00:00:00.000Z'));
        const c = await store().setDisabled('c-1', false, disabledLog('enabled', '2025-01-02T00:00:00.000Z'));
        expect(c?.is_disabled).toBe(false);
        expect(c?.disabled_logs.map((l) => l.action)).toEqual(['disabled', 'enabled']);
        expect(await store().getCustomer('c-1')).toEqual(c);
      });

      it('keeps the log of every one of 20 concurrent disables', async () => {
        await store().upsertProfile('c-1', { name: 'Asha' });
        await race(20, (i) =>
          store().setDisabled('c-1', true, disabledLog('disabled', `2025-01-01T00:00:${String(i).padStart(2, '0')}.000Z`)),
        );
        expect((await store().getCustomer('c-1'))?.disabled_logs).toHaveLength(20);
      });

      it('does not disable a customer it does not know', async () => {
        expect(await store().setDisabled('nobody', true, disabledLog('disabled'))).toBeNull();
        expect(await store().getCustomer('nobody')).toBeNull();
      });
    });

    describe('codes', () => {
      it('reserves a free code and finds it again for its customer', async () => {
        expect(await store().reserveCode('ASH-7K2M', 'c-1')).toBe('reserved');
        expect(await store().findReservedCode('c-1')).toBe('ASH-7K2M');
      });

      it('finds no reserved code for a customer who reserved none', async () => {
        await store().reserveCode('ASH-7K2M', 'c-1');
        expect(await store().findReservedCode('c-2')).toBeNull();
      });

      it('answers taken for a code already reserved, whoever asks', async () => {
        await store().reserveCode('ASH-7K2M', 'c-1');
        expect(await store().reserveCode('ASH-7K2M', 'c-2')).toBe('taken');
        expect(await store().reserveCode('ASH-7K2M', 'c-1')).toBe('taken');
        expect(await store().findReservedCode('c-2')).toBeNull();
      });

      it('answers taken for a second code of a customer who holds one, and keeps the first', async () => {
        await store().reserveCode('ASH-7K2M', 'c-1');
        expect(await store().reserveCode('ASH-9ZZZ', 'c-1')).toBe('taken');
        expect(await store().findReservedCode('c-1')).toBe('ASH-7K2M');
        expect(await store().reserveCode('ASH-9ZZZ', 'c-2')).toBe('reserved');
      });

      it('lets exactly one of 20 concurrent reservations of a code win', async () => {
        const outcomes = await race(20, (i) => store().reserveCode('ASH-7K2M', `c-${i}`));
        expect(outcomes.filter((o) => o === 'reserved')).toHaveLength(1);
      });

      it('lets exactly one of 20 concurrent reservations of different codes for one customer win', async () => {
        const outcomes = await race(20, (i) => store().reserveCode(`ASH-${String(i).padStart(4, '0')}`, 'c-1'));
        const winner = outcomes.indexOf('reserved');
        expect(outcomes.filter((o) => o === 'reserved')).toHaveLength(1);
        expect(await store().findReservedCode('c-1')).toBe(`ASH-${String(winner).padStart(4, '0')}`);
      });

      it('embeds a code in its customer', async () => {
        await store().upsertProfile('c-1', { name: 'Asha' });
        const c = await store().attachReferralCode('c-1', referralCode('ASH-7K2M'));
        expect(c).toEqual({ ...newCustomer('c-1', { name: 'Asha' }), referral_code: referralCode('ASH-7K2M') });
        expect(await store().getCustomer('c-1')).toEqual(c);
      });

      it('embeds a code in a customer it did not know', async () => {
        const c = await store().attachReferralCode('c-1', referralCode('ASH-7K2M'));
        expect(c).toEqual({ ...newCustomer('c-1'), referral_code: referralCode('ASH-7K2M') });
        expect(await store().getCustomer('c-1')).toEqual(c);
      });

      it('never replaces a code a customer already has', async () => {
        await referrer('c-1', 'ASH-7K2M');
        const c = await store().attachReferralCode('c-1', referralCode('ASH-9ZZZ'));
        expect(c.referral_code?.referral_code).toBe('ASH-7K2M');
        expect(await store().findCustomerByCode('ASH-9ZZZ')).toBeNull();
      });

      it('embeds exactly one of 10 codes attached at once', async () => {
        await store().upsertProfile('c-1', { name: 'Asha' });
        const results = await race(10, (i) => store().attachReferralCode('c-1', referralCode(`ASH-000${i}`)));
        const kept = (await store().getCustomer('c-1'))?.referral_code?.referral_code;
        expect(new Set(results.map((c) => c.referral_code?.referral_code))).toEqual(new Set([kept]));
      });

      it('finds the owner of an embedded code, and nobody for a code that is only reserved', async () => {
        await referrer('c-1', 'ASH-7K2M');
        await store().reserveCode('BOB-1111', 'c-2');
        expect(await store().findCustomerByCode('ASH-7K2M')).toEqual(await store().getCustomer('c-1'));
        expect(await store().findCustomerByCode('BOB-1111')).toBeNull();
      });

      it('deactivates a code with who, when and why', async () => {
        await referrer('c-1');
        expect(await store().updateCodeStatus('c-1', inactive)).toBe(true);
        expect((await store().getCustomer('c-1'))?.referral_code).toEqual(referralCode('ASH-7K2M', inactive));
      });

      it('reactivates a code', async () => {
        await referrer('c-1');
        await store().updateCodeStatus('c-1', inactive);
        const active = { status: 'active' as const, deactivated_at: null, deactivation_reason: null, deactivated_by: null };
        expect(await store().updateCodeStatus('c-1', active)).toBe(true);
        expect((await store().getCustomer('c-1'))?.referral_code).toEqual(referralCode('ASH-7K2M'));
      });

      it('answers true for a status the code has already', async () => {
        await referrer('c-1');
        await store().updateCodeStatus('c-1', inactive);
        expect(await store().updateCodeStatus('c-1', inactive)).toBe(true);
      });

      it('does not change the status of a code that does not exist', async () => {
        await store().upsertProfile('c-1', { name: 'Asha' });
        expect(await store().updateCodeStatus('c-1', inactive)).toBe(false);
        expect(await store().updateCodeStatus('nobody', inactive)).toBe(false);
        expect((await store().getCustomer('c-1'))?.referral_code).toBeNull();
        expect(await store().getCustomer('nobody')).toBeNull();
      });

      it('lists the customers that own a code, in id order after the cursor', async () => {
        for (const id of ['c-3', 'c-1', 'c-4', 'c-2']) await referrer(id, `AAA-${id.slice(-1)}000`);
        await store().upsertProfile('c-0', { name: 'No code' });
        const page = async (after: string | null, limit: number) => (await store().listReferrers(after, limit)).map((c) => c.customer_id);
        expect(await page(null, 2)).toEqual(['c-1', 'c-2']);
        expect(await page('c-2', 10)).toEqual(['c-3', 'c-4']);
        expect(await page('c-4', 10)).toEqual([]);
      });

      it('lists referrers as they are now', async () => {
        await referrer('c-1');
        await store().setDisabled('c-1', true, disabledLog('disabled'));
        expect(await store().listReferrers(null, 10)).toEqual([await store().getCustomer('c-1')]);
      });
    });
  });
}
