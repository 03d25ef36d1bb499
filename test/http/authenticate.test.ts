import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from '#shared/http/authenticate.js';
import { loadConfig, type Config } from '#shared/app/config.js';

let server: Server;
let config: Config;
const keys: Record<'RS256' | 'ES256', { privateKey: CryptoKey; jwk: JWK }> = {} as never;
const issuer = 'https://login.example.test/';
const audience = 'referral-api';
// Production refuses embedded stores: these are never connected to, authenticate() uses none of them.
const production = {
  NODE_ENV: 'production',
  MONGODB_URI: 'mongodb://127.0.0.1:1/unused',
  BIGQUERY_PROJECT: 'unused-project',
  PUBSUB_PROJECT: 'unused-project',
  PII_HASH_SECRET: 'a-production-key-of-at-least-32-characters',
  SHARE_LANDING_URL: 'https://example.travel/?ref={code}',
};

beforeAll(async () => {
  const published: JWK[] = [];
  for (const alg of ['RS256', 'ES256'] as const) {
    const { privateKey, publicKey } = await generateKeyPair(alg);
    const jwk = { ...(await exportJWK(publicKey)), kid: alg, alg, use: 'sig' };
    keys[alg] = { privateKey, jwk };
    published.push(jwk);
  }
  server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: published }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  config = loadConfig({
    ...production,
    AUTH_MODE: 'jwt',
    JWKS_URL: `http://127.0.0.1:${port}/jwks.json`,
    JWT_ISSUER: issuer,
    JWT_AUDIENCE: audience,
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function token(
  options: { alg?: 'RS256' | 'ES256'; iss?: string; aud?: string; sub?: string | null; exp?: number; roles?: string[] } = {},
) {
  const alg = options.alg ?? 'RS256';
  let jwt = new SignJWT({ roles: options.roles ?? [] })
    .setProtectedHeader({ alg, kid: alg })
    .setIssuer(options.iss ?? issuer)
    .setAudience(options.aud ?? audience)
    .setIssuedAt()
    .setExpirationTime(options.exp ?? '10m');
  if (options.sub !== null) jwt = jwt.setSubject(options.sub ?? 'cust-1');
  return jwt.sign(keys[alg].privateKey);
}

const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

describe('AUTH_MODE=jwt', () => {
  it.each(['RS256', 'ES256'] as const)('accepts a valid %s token and takes the customer from sub', async (alg) => {
    const r = await authenticate(config, bearer(await token({ alg, roles: ['admin'] })));
    expect(r).toEqual({ ok: true, value: { sub: 'cust-1', roles: ['admin'] } });
  });

  it.each([
    ['a forged signature', async () => (await token()).replace(/\.[^.]+$/, '.c2lnbmF0dXJl')],
    ['an expired token', () => token({ exp: Math.floor(Date.now() / 1000) - 120 })],
    ['the wrong audience', () => token({ aud: 'another-api' })],
    ['the wrong issuer', () => token({ iss: 'https://evil.example.test/' })],
    ['no sub', () => token({ sub: null })],
    [
      'alg none',
      async () => {
        const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
        return `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ sub: 'cust-1', iss: issuer, aud: audience, exp: Math.floor(Date.now() / 1000) + 600 })}.`;
      },
    ],
    [
      'an HS256 token signed with the public key as secret',
      async () =>
        new SignJWT({})
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('cust-1')
          .setIssuer(issuer)
          .setAudience(audience)
          .setExpirationTime('10m')
          .sign(new TextEncoder().encode(JSON.stringify(keys.RS256.jwk))),
    ],
  ])('refuses %s with UNAUTHENTICATED', async (_name, make) => {
    const r = await authenticate(config, bearer(await make()));
    expect(r).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
  });

  it('ignores the API Gateway header in jwt mode', async () => {
    const info = Buffer.from(JSON.stringify({ sub: 'intruder' })).toString('base64url');
    expect(await authenticate(config, { 'x-apigateway-api-userinfo': info })).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
  });
});

describe('AUTH_MODE=jwt behind API Gateway', () => {
  // API Gateway calls the (private) function with its own Google ID token in Authorization and moves
  // the caller's header to X-Forwarded-Authorization. The ID token is signed by a key our JWKS does
  // not publish, for another issuer and the Cloud Run URL as audience.
  let gatewayIdToken: string;

  beforeAll(async () => {
    const google = await generateKeyPair('RS256');
    gatewayIdToken = await new SignJWT({ email: 'api-gateway-backend@project.iam.gserviceaccount.com' })
      .setProtectedHeader({ alg: 'RS256', kid: 'google-key-1' })
      .setIssuer('https://accounts.google.com')
      .setAudience('https://referralcode-abc-el.a.run.app')
      .setSubject('104729876543210987654')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(google.privateKey);
  });

  const viaGateway = (forwarded: string) => ({
    authorization: `Bearer ${gatewayIdToken}`,
    'x-forwarded-authorization': `Bearer ${forwarded}`,
  });

  it('takes the caller from X-Forwarded-Authorization, not the gateway ID token in Authorization', async () => {
    const r = await authenticate(config, viaGateway(await token({ sub: 'cust-7', roles: ['admin'] })));
    expect(r).toEqual({ ok: true, value: { sub: 'cust-7', roles: ['admin'] } });
  });

  it('refuses the gateway ID token alone: it is not a token of our issuer and audience', async () => {
    expect(await authenticate(config, bearer(gatewayIdToken))).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
  });

  it.each([
    ['a forged signature', async () => (await token()).replace(/\.[^.]+$/, '.c2lnbmF0dXJl')],
    ['a token of another issuer', () => token({ iss: 'https://evil.example.test/' })],
    ['the gateway ID token itself', async () => gatewayIdToken],
  ])('refuses a forwarded token with %s', async (_name, make) => {
    expect(await authenticate(config, viaGateway(await make()))).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
  });

  it('does not fall back to a valid Authorization when the forwarded token is bad', async () => {
    const headers = { authorization: `Bearer ${await token()}`, 'x-forwarded-authorization': 'Bearer not-a-jwt' };
    expect(await authenticate(config, headers)).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
  });
});

describe('AUTH_MODE=gateway', () => {
  const gateway = loadConfig({ ...production, AUTH_MODE: 'gateway' });

  it('trusts the claims API Gateway verified', async () => {
    const info = Buffer.from(JSON.stringify({ sub: 'cust-9', roles: ['admin'] })).toString('base64url');
    expect(await authenticate(gateway, { 'x-apigateway-api-userinfo': info })).toEqual({
      ok: true,
      value: { sub: 'cust-9', roles: ['admin'] },
    });
  });

  it.each([
    ['no header', {}],
    ['unreadable claims', { 'x-apigateway-api-userinfo': '%%%' }],
    ['claims without sub', { 'x-apigateway-api-userinfo': Buffer.from('{"roles":["admin"]}').toString('base64url') }],
  ])('refuses %s', async (_name, headers) => {
    expect(await authenticate(gateway, headers)).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
  });
});
