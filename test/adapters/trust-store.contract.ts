import { describe, expect, it } from 'vitest';
import type { TrustStore } from '#shared/trust/trust-store.js';
import { race, useStore, type MakeStore } from './store-harness.js';

/** The contract of {@link TrustStore}, run against every adapter. */
export function describeTrustStoreContract(name: string, makeStore: MakeStore<TrustStore>): void {
  describe(`${name} trust store`, () => {
    const store = useStore(makeStore);

    it('knows a payment method only for the customer who paid with it', async () => {
      await store().rememberPaymentMethod('riya', 'fp-visa-1');
      expect(await store().hasPaymentMethod('riya', 'fp-visa-1')).toBe(true);
      expect(await store().hasPaymentMethod('sam', 'fp-visa-1')).toBe(false);
      expect(await store().hasPaymentMethod('riya', 'fp-visa-2')).toBe(false);
    });

    it('remembers a payment method twice without complaint', async () => {
      await store().rememberPaymentMethod('riya', 'fp');
      await store().rememberPaymentMethod('riya', 'fp');
      expect(await store().hasPaymentMethod('riya', 'fp')).toBe(true);
    });

    it('tells customer and fingerprint apart whatever characters they hold', async () => {
      await store().rememberPaymentMethod('a","b', 'c');
      expect(await store().hasPaymentMethod('a', 'b","c')).toBe(false);
    });

    it('names the customers who paid with a fingerprint, at most the limit asked, in id order', async () => {
      for (const c of ['cust-c', 'cust-a', 'cust-b']) await store().rememberPaymentMethod(c, 'fp-shared');
      await store().rememberPaymentMethod('cust-d', 'fp-other');
      expect(await store().customersWithPaymentMethod('fp-shared', 10)).toEqual(['cust-a', 'cust-b', 'cust-c']);
      expect(await store().customersWithPaymentMethod('fp-shared', 2)).toEqual(['cust-a', 'cust-b']);
      expect(await store().customersWithPaymentMethod('fp-none', 10)).toEqual([]);
    });

    it('counts each usage once per referrer, within the 24 hours up to the instant asked', async () => {
      expect(await store().countConversion('riya', '2026-01-01T12:00:00.000Z', 'u1', 100)).toBe(1);
      expect(await store().countConversion('riya', '2026-01-01T12:00:00.000Z', 'u2', 100)).toBe(2);
      expect(await store().countConversion('riya', '2026-01-01T12:00:00.000Z', 'u1', 100)).toBe(2);
      expect(await store().countConversion('riya', '2026-01-02T11:59:59.000Z', 'u3', 100)).toBe(3);
      expect(await store().countConversion('riya', '2026-01-02T12:00:00.000Z', 'u6', 100)).toBe(2);
      expect(await store().countConversion('sam', '2026-01-01T12:00:00.000Z', 'u4', 100)).toBe(1);
    });

    it('counts no further than the cap', async () => {
      for (const u of ['u1', 'u2', 'u3', 'u4']) await store().countConversion('riya', '2026-01-01T12:00:00.000Z', u, 3);
      expect(await store().countConversion('riya', '2026-01-01T12:00:00.000Z', 'u5', 3)).toBe(3);
    });

    it('loses none of 20 concurrent conversions of one referrer', async () => {
      await race(20, (i) => store().countConversion('riya', '2026-01-01T12:00:00.000Z', `u${i}`, 100));
      expect(await store().countConversion('riya', '2026-01-01T12:00:00.000Z', 'u0', 100)).toBe(20);
    });
  });
}
