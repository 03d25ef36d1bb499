import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from '#shared/http/authenticate.js';
import { ConfigError, loadConfig, type Config } from '#shared/app/config.js';

const audience = '/projects/123456789/global/backendServices/987654321';
const production = {
  NODE_ENV: 'production',
  MONGODB_URI: 'mongodb://127.0.0.1:1/unused',
  BIGQUERY_PROJECT: 'unused-project',
  PUBSUB_PROJECT: 'unused-project',
  PII_HASH_SECRET: 'a-production-key-of-at-least-32-characters',
  SHARE_LANDING_URL: 'https://example.travel/?ref={code}',
};
let server: Server;
let config: Config;
let key: CryptoKey;

beforeAll(async () => {
  const pair = await generateKeyPair('ES256');
  key = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'iap-1', alg: 'ES256' };
  server = createServer((_req, res) => res.end(JSON.stringify({ keys: [jwk] })));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  config = loadConfig({
    ...production,
    AUTH_MODE: 'iap',
    IAP_AUDIENCE: audience,
    IAP_JWKS_URL: `http://127.0.0.1:${port}/iap-keys`,
    ADMIN_IDENTITIES: 'Agent.One@Example.com, lead@example.com',
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** An assertion as Identity-Aware Proxy signs it, with changes. */
function assertion(o: { email?: string; aud?: string; iss?: string; exp?: number } = {}): Promise<string> {
  return new SignJWT({ email: o.email ?? 'agent.one@example.com' })
    .setProtectedHeader({ alg: 'ES256', kid: 'iap-1' })
    .setIssuer(o.iss ?? 'https://cloud.google.com/iap')
    .setAudience(o.aud ?? audience)
    .setSubject('accounts.google.com:1234')
    .setIssuedAt()
    .setExpirationTime(o.exp ?? '10m')
    .sign(key);
}

const header = (a: string) => ({ 'x-goog-iap-jwt-assertion': a });

describe('AUTH_MODE=iap (the console behind Identity-Aware Proxy)', () => {
  it('takes the agent from the assertion e-mail, and role admin from ADMIN_IDENTITIES', async () => {
    expect(await authenticate(config, header(await assertion()))).toEqual({
      ok: true,
      value: { sub: 'agent.one@example.com', roles: ['admin'] },
    });
  });

  it('gives no role to an identity IAP let through but the server does not list', async () => {
    expect(await authenticate(config, header(await assertion({ email: 'someone@example.com' })))).toEqual({
      ok: true,
      value: { sub: 'someone@example.com', roles: [] },
    });
  });

  it('ignores a bearer token the browser sends: only the proxy speaks for the agent', async () => {
    const r = await authenticate(config, { authorization: 'Bearer anything.the.page.says' });
    expect(r).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
  });

  it.each([
    ['another audience', () => assertion({ aud: '/projects/1/global/backendServices/2' })],
    ['another issuer', () => assertion({ iss: 'https://example.com/iap' })],
    ['an expired assertion', () => assertion({ exp: Math.floor(Date.now() / 1000) - 120 })],
    ['a forged signature', async () => (await assertion()).replace(/\.[^.]+$/, '.c2lnbmF0dXJl')],
  ])('refuses %s', async (_name, make) => {
    expect(await authenticate(config, header(await make()))).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
  });

  it.each([
    [{ AUTH_MODE: 'iap', ADMIN_IDENTITIES: 'a@example.com' }, /AUTH_MODE: iap needs IAP_AUDIENCE and ADMIN_IDENTITIES/],
    [{ AUTH_MODE: 'iap', IAP_AUDIENCE: audience }, /AUTH_MODE: iap needs IAP_AUDIENCE and ADMIN_IDENTITIES/],
    [{ AUTH_MODE: 'iap', IAP_AUDIENCE: 'my-backend', ADMIN_IDENTITIES: 'a@example.com' }, /IAP_AUDIENCE: not an IAP audience/],
    [{ AUTH_MODE: 'iap', IAP_AUDIENCE: audience, ADMIN_IDENTITIES: 'not-an-email' }, /ADMIN_IDENTITIES: must be e-mail addresses/],
  ])('refuses to start with %o, naming the variable', (env, message) => {
    expect(() => loadConfig({ ...production, ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ ...production, ...env })).toThrow(message);
  });
});
