import { describe, expect, it, vi } from 'vitest';
import { referralSetup, useTestHost } from '../support/test-host.js';

// The default: SHARE_CLICK_RECORD_TIMEOUT_MS=0, the redirect never waits for its click.
const t = useTestHost();
const browser = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const clicked = (code: string) =>
  t.host.recorder.messages('referral-events').filter((m) => m.attributes.type === 'share.clicked' && m.data.referral_code === code);

describe('GET /r/{code} by default', () => {
  it('answers before its click is recorded, and the click is recorded after the answer', async () => {
    const s = await referralSetup(t.api);
    const clicks = t.host.runtime.ctx.stores.clicks;
    const insert = clicks.insertClick.bind(clicks);
    const spy = vi.spyOn(clicks, 'insertClick').mockImplementation((c) => new Promise((r) => setTimeout(() => r(insert(c)), 400)));
    try {
      const started = performance.now();
      const res = await fetch(`${t.host.url}/r/${s.code}`, {
        redirect: 'manual',
        headers: { 'user-agent': browser, 'x-forwarded-for': '192.0.2.1' },
      });
      expect(res.status).toBe(302);
      expect(performance.now() - started).toBeLessThan(350);
      expect(clicked(s.code)).toEqual([]);
      await vi.waitFor(() => expect(clicked(s.code)).toHaveLength(1), { timeout: 3_000 });
    } finally {
      spy.mockRestore();
    }
  });
});
