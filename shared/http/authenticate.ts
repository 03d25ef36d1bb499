import { createRemoteJWKSet, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import type { Config } from '../app/config.js';
import { fail, type Result } from '../core/result.js';

/** Who is calling: the customer is the token's `sub`. */
export interface Principal {
  sub: string;
  roles: string[];
}

const claimsSchema = z.object({
  sub: z.string().min(1).max(200),
  roles: z.array(z.string()).optional(),
  role: z.string().optional(),
});

function principalOf(payload: unknown): Result<Principal> {
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) return fail('UNAUTHENTICATED', 'The token has no usable subject');
  const roles = [...(claims.data.roles ?? []), ...(claims.data.role ? [claims.data.role] : [])];
  return { ok: true, value: { sub: claims.data.sub, roles } };
}

const remoteKeySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

function remoteKeys(url: string): ReturnType<typeof createRemoteJWKSet> {
  let keys = remoteKeySets.get(url);
  if (!keys) {
    keys = createRemoteJWKSet(new URL(url));
    remoteKeySets.set(url, keys);
  }
  return keys;
}

/**
 * The caller's bearer token. Behind API Gateway, which calls the function with its own Google ID
 * token (the backend stays private: only the gateway's service account may invoke it, checked by
 * Cloud Run IAM), `Authorization` holds that ID token and the caller's original header has been
 * moved to `X-Forwarded-Authorization`: when that header is present it is the one verified, and
 * `Authorization` is not tried instead (a bad forwarded token is refused, never skipped). Without
 * the gateway (direct calls, local runs) `Authorization` is the caller's.
 */
function callerAuthorization(headers: Record<string, string | undefined>): string {
  return headers['x-forwarded-authorization'] ?? headers.authorization ?? '';
}

/**
 * Verifies the caller by the configured mode: `dev` (HS256 development tokens, never in
 * production), `jwt` (RS256/ES256 against a JWKS with issuer and audience, the caller's token
 * taken from `X-Forwarded-Authorization` behind API Gateway), or `gateway` (claims API Gateway has
 * already verified, passed in `X-Apigateway-Api-Userinfo`).
 */
export async function authenticate(config: Config, headers: Record<string, string | undefined>): Promise<Result<Principal>> {
  const { auth } = config;
  if (auth.iap) return authenticateIap(auth.iap, headers['x-goog-iap-jwt-assertion']);
  if (auth.mode === 'gateway') {
    const info = headers['x-apigateway-api-userinfo'];
    if (!info) return fail('UNAUTHENTICATED', 'Missing X-Apigateway-Api-Userinfo');
    try {
      return principalOf(JSON.parse(Buffer.from(info, 'base64url').toString('utf8')));
    } catch {
      return fail('UNAUTHENTICATED', 'Unreadable X-Apigateway-Api-Userinfo');
    }
  }
  const header = auth.mode === 'jwt' ? callerAuthorization(headers) : (headers.authorization ?? '');
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header);
  if (!match) return fail('UNAUTHENTICATED', 'Missing or malformed Authorization: Bearer token');
  try {
    if (auth.mode === 'dev') {
      const { payload } = await jwtVerify(match[1]!, new TextEncoder().encode(auth.devSecret), {
        algorithms: ['HS256'],
        issuer: devIssuer,
      });
      return principalOf(payload);
    }
    const { payload } = await jwtVerify(match[1]!, remoteKeys(auth.jwksUrl!), {
      algorithms: ['RS256', 'ES256'],
      issuer: auth.issuer!,
      audience: auth.audience!,
    });
    return principalOf(payload);
  } catch {
    return fail('UNAUTHENTICATED', 'The token is invalid or expired');
  }
}

const iapIssuer = 'https://cloud.google.com/iap';
const iapClaims = z.object({ email: z.string().email().max(200) });

/**
 * Identity-Aware Proxy in front of the console signs every request it lets through with
 * `X-Goog-IAP-JWT-Assertion` (ES256, Google's keys, the backend's audience). The agent is its
 * e-mail; role `admin` comes from `ADMIN_IDENTITIES` on the server, never from the browser.
 */
async function authenticateIap(iap: NonNullable<Config['auth']['iap']>, assertion: string | undefined): Promise<Result<Principal>> {
  if (!assertion) return fail('UNAUTHENTICATED', 'Missing X-Goog-IAP-JWT-Assertion: sign in through Identity-Aware Proxy');
  try {
    const { payload } = await jwtVerify(assertion, remoteKeys(iap.jwksUrl), {
      algorithms: ['ES256'],
      issuer: iapIssuer,
      audience: iap.audience,
    });
    const claims = iapClaims.safeParse(payload);
    if (!claims.success) return fail('UNAUTHENTICATED', 'The IAP assertion has no e-mail');
    const email = claims.data.email.toLowerCase();
    return { ok: true, value: { sub: email, roles: iap.admins.includes(email) ? ['admin'] : [] } };
  } catch {
    return fail('UNAUTHENTICATED', 'The IAP assertion is invalid or expired');
  }
}

const devIssuer = 'referral-system-local';

/** A development token (local host and tests only; refused in production). */
export async function issueDevToken(config: Config, sub: string, roles: string[] = []): Promise<string> {
  if (config.production || config.auth.mode !== 'dev') throw new Error('Development tokens are refused in production');
  return new SignJWT({ roles })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer(devIssuer)
    .setIssuedAt()
    .setExpirationTime('12h')
    .sign(new TextEncoder().encode(config.auth.devSecret));
}

/** Whether the principal may use admin routes. */
export function isAdmin(p: Principal): boolean {
  return p.roles.includes('admin');
}
