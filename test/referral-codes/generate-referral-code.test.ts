import { describe, expect, it } from 'vitest';
import { generateReferralCode } from '#shared/referral-codes/generate-referral-code.js';
import { domainContext } from '../support/domain-context.js';

describe('generateReferralCode under concurrent deliveries of the first payment', () => {
  it('gives the customer one code, and every delivery answers it, however many race', async () => {
    const ctx = domainContext();
    const payment = { customer_id: 'racer', deal_id: 'deal-first', paid_at: '2026-01-01T00:00:00.000Z', customer: { name: 'Riya Kapoor' } };
    const results = await Promise.all(Array.from({ length: 8 }, () => generateReferralCode(ctx, payment)));
    const codes = new Set(results.map((c) => c.referral_code?.referral_code));
    expect(codes.size).toBe(1);
    expect([...codes][0]).toMatch(/^RIY-[0-9A-Z]{4}$/);
    expect(await ctx.stores.customers.findReservedCode('racer')).toBe([...codes][0]);
  });
});
