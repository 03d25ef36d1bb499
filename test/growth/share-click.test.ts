import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clickIdOf, visitorHash } from '#shared/growth/share-click.js';

describe('the id of a click', () => {
  it('is clk_ and the first 32 hex digits of SHA-256(code, visitor, day), as docs/rules.md §9 says (ids already stored keep matching)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (code, visitor, day) => {
        const expected = createHash('sha256').update(`${code}\u0000${visitor}\u0000${day}`).digest('hex').slice(0, 32);
        expect(clickIdOf(code, visitor, day)).toBe(`clk_${expected}`);
      }),
    );
    expect(clickIdOf('ASH-7K2P', 'a'.repeat(64), '2026-12-06')).toMatch(/^clk_[0-9a-f]{32}$/);
  });

  it('keys the visitor with HMAC-SHA256 of PII_HASH_SECRET, whichever secret comes, as docs/rules.md §9 says', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string(), fc.string(), (secret, address, agent) => {
        const expected = createHmac('sha256', secret).update(`visitor:${address}\u0000${agent}`).digest('hex');
        expect(visitorHash(secret, address, agent)).toBe(expected);
      }),
    );
  });
});
