import { describe, expect, it } from 'vitest';
import { referralSetup, useTestHost } from '../support/test-host.js';

const t = useTestHost();

describe('faults on the HTTP edge', () => {
  it.each([
    ['a busy database', 'database is locked (5) (SQLITE_BUSY)', 503, 'UNAVAILABLE'],
    ['an unexpected fault', 'undefined is not a function', 500, 'INTERNAL'],
  ])('answers %s with %i %s, logged, and nothing half-written', async (_name, message, status, code) => {
    const s = await referralSetup(t.api);
    t.seam.failAt('usage-inserted', new Error(message));
    try {
      const res = await fetch(`${t.host.url}/v1/referral-code/apply`, {
        method: 'POST',
        headers: { authorization: `Bearer ${s.refereeToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ code: s.code, deal_id: s.dealId }),
      });
      expect(res.status).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
      if (status === 503) expect(res.headers.get('retry-after')).toBe('1');
    } finally {
      t.seam.disarm();
    }
    expect(t.logs.some((l) => l.severity === 'ERROR' && String(l.message).includes(message))).toBe(true);
    const retry = await t.api.call('POST', '/v1/referral-code/apply', { token: s.refereeToken, body: { code: s.code, deal_id: s.dealId } });
    expect(retry.status).toBe(200);
    await t.expectInvariants();
  });
});
