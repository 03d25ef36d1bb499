import { describe, expect, it } from 'vitest';
import { emptyStats, newCustomer, type ReferralCode, type ReferralStats } from '../../shared/customers/customer.js';
import type { CustomerStore } from '../../shared/customers/customer-store.js';
import { needsAtomicUpdates, useStore, type ContractOptions, type MakeStore } from './store-harness.js';

/** A code as generation embeds it. */
export function referralCode(code: string, overrides: Partial<ReferralCode> = {}): ReferralCode {
  return {
    referral_code: code,
    status: 'active',
    generated_at: '2025-01-01T00:00:00.000Z',
    first_payment_deal_id: `deal-of-${code}`,
    stats: { ...emptyStats },
    stats_keys: [],
    deactivated_at: null,
    deactivation_reason: null,
    deactivated_by: null,
    ...overrides,
  };
}

/** What one apply adds to its referrer's figures. */
export const oneApply: ReferralStats = { ...emptyStats, total_uses: 1, pending_referrals: 1, total_discount_given: 200000 };
const oneConversion: ReferralStats = { ...emptyStats, pending_referrals: -1, successful_referrals: 1, total_points_earned: 2000 };

/** The contract of {@link CustomerStore}, run against every adapter. */
export function describeCustomerStoreContract(name: string, makeStore: MakeStore<CustomerStore>, options: ContractOptions): void {
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

      it('changes only the profile fields it is given, and clears those given as null', async () => {
        await store().upsertProfile('c-1', { name: 'Asha', email: 'asha@example.com', phone_number: '+91 98765 43210' });
        const c = await store().upsertProfile('c-1', { name: 'Asha K', phone_number: null });
        expect([c.name, c.email, c.phone_number]).toEqual(['Asha K', 'asha@example.com', null]);
      });

      it('records a completed payment for a customer it did not know, with the payment profile', async () => {
        const c = await store().recordCompletedPayment('c-1', 'deal-1', { name: 'Asha', email: null });
        expect(c).toEqual({ ...newCustomer('c-1', { name: 'Asha' }), paid_deal_ids: ['deal-1'] });
      });

      it('records each paid deal once however often the payment is delivered', async () => {
        await store().recordCompletedPayment('c-1', 'deal-1', {});
        await store().recordCompletedPayment('c-1', 'deal-2', {});
        const c = await store().recordCompletedPayment('c-1', 'deal-1', {});
        expect(c.paid_deal_ids).toEqual(['deal-1', 'deal-2']);
      });

      it('fills only the profile fields that are still empty from a payment', async () => {
        await store().upsertProfile('c-1', { name: 'Asha' });
        const c = await store().recordCompletedPayment('c-1', 'deal-1', { name: 'Someone Else', email: 'asha@example.com' });
        expect([c.name, c.email, c.phone_number]).toEqual(['Asha', 'asha@example.com', null]);
        expect(await store().getCustomer('c-1')).toEqual(c);
      });

      it('answers every one of 20 first payments of a new customer that race each other', async () => {
        const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store().recordCompletedPayment('c-1', `deal-${i}`, { name: 'Asha' })));
        expect(results.every((c) => c.customer_id === 'c-1' && c.name === 'Asha' && c.paid_deal_ids.length > 0)).toBe(true);
      });

      it('records every one of 20 concurrent payments of a customer', async (ctx) => {
        ctx.skip(!(await options.atomicUpdates()), needsAtomicUpdates);
        await Promise.all(Array.from({ length: 20 }, (_, i) => store().recordCompletedPayment('c-1', `deal-${i}`, {})));
        expect((await store().getCustomer('c-1'))?.paid_deal_ids).toHaveLength(20);
      });

      it('disables a customer and keeps every enable and disable in order', async () => {
        await store().upsertProfile('c-1', { name: 'Asha' });
        await store().setDisabled('c-1', true, { action: 'disabled', reason: 'fraud', actor: 'ops', at: '2025-01-01T00:00:00.000Z' });
        const c = await store().setDisabled('c-1', false, { action: 'enabled', reason: null, actor: 'ops', at: '2025-01-02T00:00:00.000Z' });
        expect(c?.is_disabled).toBe(false);
        expect(c?.disabled_logs.map((l) => l.action)).toEqual(['disabled', 'enabled']);
        expect(await store().getCustomer('c-1')).toEqual(c);
      });

      it('does not disable a customer it does not know', async () => {
        const log = { action: 'disabled' as const, reason: 'x', actor: 'ops', at: '2025-01-01T00:00:00.000Z' };
        expect(await store().setDisabled('nobody', true, log)).toBeNull();
        expect(await store().getCustomer('nobody')).toBeNull();
      });
    });

    describe('codes', () => {
      it('reserves a free code and finds it again for its customer', async () => {
        expect(await store().reserveCode('ASH-7K2M', 'c-1')).toBe('reserved');
        expect(await store().findReservedCode('c-1')).toBe('ASH-7K2M');
      });

      it('answers taken for a code already reserved, whoever asks', async () => {
        await store().reserveCode('ASH-7K2M', 'c-1');
        expect(await store().reserveCode('ASH-7K2M', 'c-2')).toBe('taken');
        expect(await store().reserveCode('ASH-7K2M', 'c-1')).toBe('taken');
        expect(await store().findReservedCode('c-2')).toBeNull();
      });

      it('lets exactly one of 20 concurrent reservations of a code win', async () => {
        const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => store().reserveCode('ASH-7K2M', `c-${i}`)));
        expect(outcomes.filter((o) => o === 'reserved')).toHaveLength(1);
      });

      it('embeds a code in its customer', async () => {
        await store().upsertProfile('c-1', { name: 'Asha' });
        const c = await store().attachReferralCode('c-1', referralCode('ASH-7K2M'));
        expect(c.referral_code).toEqual(referralCode('ASH-7K2M'));
        expect(await store().getCustomer('c-1')).toEqual(c);
      });

      it('never replaces a code a customer already has', async () => {
        await referrer('c-1', 'ASH-7K2M');
        const c = await store().attachReferralCode('c-1', referralCode('ASH-9ZZZ'));
        expect(c.referral_code?.referral_code).toBe('ASH-7K2M');
        expect(await store().findCustomerByCode('ASH-9ZZZ')).toBeNull();
      });

      it('finds the owner of an embedded code, and nobody for a code that is only reserved', async () => {
        await referrer('c-1', 'ASH-7K2M');
        await store().reserveCode('BOB-1111', 'c-2');
        expect((await store().findCustomerByCode('ASH-7K2M'))?.customer_id).toBe('c-1');
        expect(await store().findCustomerByCode('BOB-1111')).toBeNull();
      });

      it('deactivates a code with who, when and why', async () => {
        await referrer('c-1');
        const patch = { status: 'inactive' as const, deactivated_at: '2025-02-01T00:00:00.000Z', deactivation_reason: 'abuse', deactivated_by: 'ops' };
        expect(await store().updateCodeStatus('c-1', patch)).toBe(true);
        expect((await store().getCustomer('c-1'))?.referral_code).toEqual(referralCode('ASH-7K2M', patch));
      });

      it('does not change the status of a code that does not exist', async () => {
        await store().upsertProfile('c-1', { name: 'Asha' });
        const patch = { status: 'inactive' as const, deactivated_at: null, deactivation_reason: null, deactivated_by: null };
        expect(await store().updateCodeStatus('c-1', patch)).toBe(false);
        expect(await store().updateCodeStatus('nobody', patch)).toBe(false);
        expect((await store().getCustomer('c-1'))?.referral_code).toBeNull();
      });

      it('lists the customers that own a code, in id order after the cursor', async () => {
        for (const id of ['c-3', 'c-1', 'c-4', 'c-2']) await referrer(id, `AAA-${id.slice(-1)}000`);
        await store().upsertProfile('c-0', { name: 'No code' });
        const page = async (after: string | null, limit: number) => (await store().listReferrers(after, limit)).map((c) => c.customer_id);
        expect(await page(null, 2)).toEqual(['c-1', 'c-2']);
        expect(await page('c-2', 10)).toEqual(['c-3', 'c-4']);
        expect(await page('c-4', 10)).toEqual([]);
      });
    });

    describe('stats', () => {
      const stats = async (id = 'ref-1') => (await store().getCustomer(id))?.referral_code?.stats;

      it('applies a stats change once per key', async () => {
        await referrer();
        expect(await store().applyStatsChange('ref-1', 'u-1:applied', oneApply, null)).toBe('applied');
        expect(await store().applyStatsChange('ref-1', 'u-1:applied', oneApply, null)).toBe('duplicate');
        expect(await stats()).toEqual(oneApply);
      });

      it('adds the changes of different keys together', async () => {
        await referrer();
        await store().applyStatsChange('ref-1', 'u-1:applied', oneApply, null);
        await store().applyStatsChange('ref-1', 'u-1:converted', oneConversion, null);
        expect(await stats()).toEqual({ total_uses: 1, pending_referrals: 0, successful_referrals: 1, total_points_earned: 2000, total_discount_given: 200000 });
      });

      it('refuses a change that would take total uses past the limit, and changes nothing', async () => {
        await referrer();
        await store().applyStatsChange('ref-1', 'u-1:applied', oneApply, 1);
        expect(await store().applyStatsChange('ref-1', 'u-2:applied', oneApply, 1)).toBe('limit_reached');
        expect(await stats()).toEqual(oneApply);
      });

      it('lets a change that adds no use through at the limit', async () => {
        await referrer();
        await store().applyStatsChange('ref-1', 'u-1:applied', oneApply, 1);
        expect(await store().applyStatsChange('ref-1', 'u-1:converted', oneConversion, 1)).toBe('applied');
      });

      it('answers duplicate rather than limit_reached for a change already applied', async () => {
        await referrer();
        await store().applyStatsChange('ref-1', 'u-1:applied', oneApply, 1);
        expect(await store().applyStatsChange('ref-1', 'u-1:applied', oneApply, 1)).toBe('duplicate');
      });

      it('throws for a customer without a code', async () => {
        await store().upsertProfile('c-1', { name: 'Asha' });
        await expect(store().applyStatsChange('c-1', 'k', oneApply, null)).rejects.toThrow(/no referral code/);
        await expect(store().applyStatsChange('nobody', 'k', oneApply, null)).rejects.toThrow(/no referral code/);
      });

      it('overwrites the stats with a recount', async () => {
        await referrer();
        await store().applyStatsChange('ref-1', 'u-1:applied', oneApply, null);
        await store().replaceStats('ref-1', emptyStats);
        expect(await stats()).toEqual(emptyStats);
      });

      it('applies exactly one of 20 concurrent changes with the same key', async (ctx) => {
        ctx.skip(!(await options.atomicUpdates()), needsAtomicUpdates);
        await referrer();
        const outcomes = await Promise.all(Array.from({ length: 20 }, () => store().applyStatsChange('ref-1', 'u-1:applied', oneApply, null)));
        expect(outcomes.filter((o) => o === 'applied')).toHaveLength(1);
        expect(await stats()).toEqual(oneApply);
      });
    });
  });
}
