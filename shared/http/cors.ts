import type { HttpRequest, HttpResponse } from './http-types.js';
import { errorOf } from './respond.js';

/** The request headers a page may send to the card's routes (its bearer token). */
export const corsAllowedHeaders = 'Authorization';
/** How long a browser may keep a preflight's answer: 2 hours, the most Chromium keeps. */
export const corsMaxAgeSeconds = 7200;

/** What a function answers to pages of other origins (docs/rules.md §9). */
export interface CorsPolicy {
  /** The answer to a preflight (`OPTIONS` on a cross-origin path), or null when the request is not one. */
  preflight(req: HttpRequest, allowedOrigins: readonly string[]): HttpResponse | null;
  /** The headers to add to the answer of any other request. */
  headersFor(req: HttpRequest, allowedOrigins: readonly string[]): Record<string, string>;
}

const patternOf = (path: string) => new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+')}/?$`);

/**
 * The CORS policy of a function's `crossOrigin` routes ("GET /v1/points"): a preflight from an
 * allowed origin gets 204 with the methods of that path, `Authorization` and a max-age; one from
 * any other origin gets 403 `ORIGIN_NOT_ALLOWED` and no CORS header. An answer to an allowed
 * origin echoes it in `Access-Control-Allow-Origin`; every answer on those routes says
 * `Vary: Origin`. No credentials (cookies) are ever allowed: the card sends a bearer token.
 */
export function corsPolicy(crossOrigin: readonly string[]): CorsPolicy {
  const paths = new Map<string, { pattern: RegExp; methods: string[] }>();
  for (const route of crossOrigin) {
    const [method, path] = route.split(' ') as [string, string];
    const entry = paths.get(path) ?? { pattern: patternOf(path), methods: [] };
    entry.methods.push(method);
    paths.set(path, entry);
  }
  const entries = [...paths.values()];
  const onPath = (req: HttpRequest) => entries.find((e) => e.pattern.test(req.path));
  const allowed = (req: HttpRequest, origins: readonly string[]) => {
    const origin = req.headers.origin;
    return origin !== undefined && origins.includes(origin) ? origin : null;
  };
  return {
    preflight(req, origins): HttpResponse | null {
      if (req.method !== 'OPTIONS') return null;
      const entry = onPath(req);
      if (!entry) return null;
      const methods = [...entry.methods, 'OPTIONS'].join(', ');
      // Not a CORS preflight (no Origin): what the path allows, as for any OPTIONS.
      if (req.headers.origin === undefined) return { status: 204, headers: { Allow: methods, Vary: 'Origin' } };
      const origin = allowed(req, origins);
      if (!origin) {
        return {
          ...errorOf('ORIGIN_NOT_ALLOWED', `Pages of ${req.headers.origin} may not call this API (CARD_ALLOWED_ORIGINS)`),
          headers: { Vary: 'Origin' },
        };
      }
      return {
        status: 204,
        headers: {
          'Access-Control-Allow-Origin': origin,
          'Access-Control-Allow-Methods': entry.methods.join(', '),
          'Access-Control-Allow-Headers': corsAllowedHeaders,
          'Access-Control-Max-Age': String(corsMaxAgeSeconds),
          Vary: 'Origin',
        },
      };
    },
    headersFor(req, origins): Record<string, string> {
      const entry = onPath(req);
      if (!entry?.methods.includes(req.method)) return {};
      const origin = allowed(req, origins);
      return origin ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } : { Vary: 'Origin' };
    },
  };
}
