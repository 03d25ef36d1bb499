import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config/config.js';

describe('loadConfig', () => {
  it('has the defaults of SPEC 2', () => {
    const { rules, mongodb, bigquery } = loadConfig({});
    expect(rules).toMatchObject({
      refereeDiscount: { amount: 200000, currency: 'INR' },
      referrerRewardPoints: 2000,
      pointsValidityMonths: 6,
      pointValueMinor: 100,
      refereeMustBeNew: true,
      maxReferralsPerReferrer: null,
      codeAttemptLimit: 10,
      codeAttemptWindowSeconds: 3600,
      expiryReminderDays: 7,
      clawbackOnRefund: true,
    });
    expect([mongodb, bigquery]).toEqual([null, null]);
  });

  it.each([
    [{ REFEREE_DISCOUNT_MINOR: '20.5' }, /REFEREE_DISCOUNT_MINOR/],
    [{ CURRENCY: 'rupees' }, /CURRENCY/],
    [{ AUTH_MODE: 'jwt' }, /JWKS_URL/],
    [{ CLAWBACK_ON_REFUND: 'maybe' }, /CLAWBACK_ON_REFUND/],
  ])('fails loudly at start-up on %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
