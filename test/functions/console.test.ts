import { describe, expect, it } from 'vitest';
import { loadConfig } from '#shared/app/config.js';
import { consoleSignIn } from '#shared/http/console-routes.js';
import { useTestHost } from '../support/test-host.js';

const t = useTestHost();

describe('the console function serves the page', () => {
  it('redirects /console to /console/', async () => {
    const r = await fetch(`${t.host.url}/console`, { redirect: 'manual' });
    expect(r.status).toBe(308);
    expect(r.headers.get('location')).toBe('/console/');
  });

  it('serves the page with a CSP that allows no inline script, and scripts only by src', async () => {
    const r = await fetch(`${t.host.url}/console/`);
    const html = await r.text();
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/html');
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(r.headers.get('cache-control')).toBe('no-store');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/src="\/console\/[\w-]+\.js"/);
      expect(body?.trim()).toBe('');
    }
    expect(html).toContain('<meta name="sign-in" content="dev" />');
  });

  it('serves the files the page names, cacheable for good, and 404 for any other', async () => {
    const html = await (await fetch(`${t.host.url}/console/`)).text();
    for (const name of [...html.matchAll(/\/console\/([\w-]+\.(?:js|css))/g)].map((m) => m[1])) {
      const r = await fetch(`${t.host.url}/console/${name}`);
      expect(r.status, name).toBe(200);
      expect(r.headers.get('cache-control')).toContain('immutable');
    }
    for (const name of ['nothing.js', 'index.html']) {
      const r = await fetch(`${t.host.url}/console/${name}`);
      expect(r.status, name).toBe(404);
      expect((await r.json()).error.code).toBe('NOT_FOUND');
    }
  });
});

describe('how the page signs in comes from server configuration', () => {
  it.each([
    [{}, 'dev'],
    [{ AUTH_MODE: 'jwt', JWKS_URL: 'https://keys.example.com/jwks', JWT_ISSUER: 'i', JWT_AUDIENCE: 'a' }, 'none'],
    [{ AUTH_MODE: 'iap', IAP_AUDIENCE: '/projects/1/global/backendServices/2', ADMIN_IDENTITIES: 'a@example.com' }, 'iap'],
  ])('%o signs in by %s', (env, mode) => {
    expect(consoleSignIn(loadConfig(env))).toBe(mode);
  });
});
