import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { codePrefix, crockfordAlphabet, makeReferralCode, normalizeReferralCode } from '#shared/referral-codes/code-format.js';

describe('codePrefix', () => {
  it.each([
    ['John Doe', 'JOH'],
    ['  ai', 'AIX'],
    ["O'Neil", 'ONE'],
    ['李小龍', 'XXX'],
    ['', 'XXX'],
    ['Zoë Ångström', 'ZON'],
  ])('takes the first three A–Z letters of %j, padded with X: %s', (name, prefix) => {
    expect(codePrefix(name)).toBe(prefix);
  });
});

describe('makeReferralCode', () => {
  it('makes PPP-XXXX with Crockford base32 characters only', () => {
    fc.assert(
      fc.property(fc.string(), (name) => {
        const code = makeReferralCode(name);
        expect(code).toMatch(/^[A-Z]{3}-[0-9A-HJKMNP-TV-Z]{4}$/);
      }),
    );
  });

  it('widens the random part when asked', () => {
    expect(makeReferralCode('Asha', 6)).toMatch(/^ASH-[0-9A-Z]{6}$/);
  });
});

describe('normalizeReferralCode', () => {
  it.each([
    [' joh-x7k9 ', 'JOH-X7K9'],
    ['JOHX7K9', 'JOH-X7K9'],
    ['joh x7k9', 'JOH-X7K9'],
    ['J0H-X7K9', 'JOH-X7K9'],
    ['1VY-0000', 'IVY-0000'],
    ['JOH-OIL1', 'JOH-0111'],
    ['JOH-ABCDEFGH', 'JOH-ABCDEFGH'],
  ])('reads %j as %s', (input, code) => {
    expect(normalizeReferralCode(input)).toBe(code);
  });

  it.each(['', 'JO-1234', 'JOH-12', 'JOH-U123', 'JOHN-1234', 'J#H-1234', 'JOH-123456789'])('refuses %j', (input) => {
    expect(normalizeReferralCode(input)).toBeNull();
  });

  it('reads every generated code back as itself', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 4, max: 8 }), (name, width) => {
        const code = makeReferralCode(name, width);
        expect(normalizeReferralCode(code.toLowerCase())).toBe(code);
      }),
    );
  });

  it('uses an alphabet of 32 characters without I, L, O and U', () => {
    expect(crockfordAlphabet).toHaveLength(32);
    expect(crockfordAlphabet).not.toMatch(/[ILOU]/);
  });
});
