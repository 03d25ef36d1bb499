import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { referralSetup, useTestHost } from '../support/test-host.js';

// The default: SHARE_CLICK_RECORD_TIMEOUT_MS=0, the redirect never waits for its click.
const t = useTestHost();
const browser = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const clicked = (code: string) =>
  t.host.recorder.messages('referral-events').filter((m) => m.attributes.type === 'share.clicked' && m.data.referral_code === code);

let address = 0;
const follow = (code: string, base = t.host.url) =>
  fetch(`${base}/r/${code}`, {
    redirect: 'manual',
    headers: { 'user-agent': browser, 'x-forwarded-for': `192.0.2.${(address += 1)}` },
  });

describe('GET /r/{code} by default', () => {
  it('answers before its recording starts, and records the click after the answer', async () => {
    const s = await referralSetup(t.api);
    // The shareLink function's own server, so the test sees the response object the answer is written to.
    const fn = t.host.servers.get('shareLink')!;
    let response: ServerResponse | undefined;
    const onRequest = (_req: IncomingMessage, res: ServerResponse) => (response = res);
    fn.server.on('request', onRequest);
    const attempts = t.host.runtime.ctx.stores.attempts;
    const count = attempts.countAttempts.bind(attempts);
    // The recording's first step notes whether the answer was already written, then waits at a
    // gate the test opens only once the redirect has come back.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const answeredWhenStarted: boolean[] = [];
    const spy = vi.spyOn(attempts, 'countAttempts').mockImplementation(async (key, since) => {
      answeredWhenStarted.push(response?.writableEnded === true);
      await gate;
      return count(key, since);
    });
    try {
      const res = await follow(s.code, fn.url);
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toContain(`ref=${s.code}`);
      await vi.waitFor(() => expect(answeredWhenStarted).toEqual([true]));
      expect(clicked(s.code)).toEqual([]);
      open();
      await vi.waitFor(() => expect(clicked(s.code)).toHaveLength(1), { timeout: 3_000 });
    } finally {
      open();
      spy.mockRestore();
      fn.server.off('request', onRequest);
    }
  });

  it('answers at once while the store hangs for good, and the next visitors too', async () => {
    const s = await referralSetup(t.api);
    const spy = vi.spyOn(t.host.runtime.ctx.stores.clicks, 'insertClick').mockImplementation(() => new Promise(() => undefined));
    try {
      for (let i = 0; i < 3; i += 1) expect((await follow(s.code)).status).toBe(302);
    } finally {
      spy.mockRestore();
    }
  });

  it('logs a recording that fails after the answer as a WARNING', async () => {
    const s = await referralSetup(t.api);
    const spy = vi.spyOn(t.host.runtime.ctx.stores.clicks, 'insertClick').mockRejectedValue(new Error('disk full after the answer'));
    try {
      const res = await follow(s.code);
      expect(res.status).toBe(302);
      await vi.waitFor(() =>
        expect(t.logs.some((l) => l.severity === 'WARNING' && String(l.message).includes('disk full after the answer'))).toBe(true),
      );
    } finally {
      spy.mockRestore();
    }
    expect(clicked(s.code)).toEqual([]);
  });
});
