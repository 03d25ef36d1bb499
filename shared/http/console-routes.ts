import type { Config } from '../app/config.js';
import type { HttpResponse } from './http-types.js';
import { errorOf } from './respond.js';
import type { Routes } from './router.js';
import type { StaticAsset, StaticAssets } from './static-assets.js';

/**
 * What every console page is served with: scripts and styles from this origin only (no inline
 * script), API calls to this origin only, never framed, no referrer leaking a customer id.
 */
export const consoleSecurityHeaders: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

/**
 * How the page signs an agent in, from server configuration only: `dev` shows the local
 * sign-in button (development tokens, never in production), `iap` relies on Identity-Aware
 * Proxy's session in front of the function, `none` says the console cannot sign in here.
 */
export function consoleSignIn(config: Config): 'dev' | 'iap' | 'none' {
  if (config.auth.mode === 'iap') return 'iap';
  return config.auth.mode === 'dev' && !config.production ? 'dev' : 'none';
}

function serve(asset: StaticAsset, body: Buffer = asset.body): HttpResponse {
  return {
    status: 200,
    bytes: body,
    headers: {
      ...consoleSecurityHeaders,
      'Content-Type': asset.type,
      'Cache-Control': asset.immutable ? 'public, max-age=31536000, immutable' : 'no-store',
    },
  };
}

/** `GET /console` (to `/console/`), `GET /console/` (the page) and `GET /console/{asset}` (its script and styles). */
export function consoleRoutes(assets: () => Promise<StaticAssets>, config: () => Config): Routes {
  return {
    'GET /console': async (req) => {
      if (!req.path.endsWith('/')) return { status: 308, headers: { Location: '/console/' } };
      const page = (await assets()).get('index.html');
      if (!page) return errorOf('NOT_FOUND', 'The console is not built into this bundle');
      return serve(page, Buffer.from(page.body.toString('utf8').replace('{{signIn}}', consoleSignIn(config()))));
    },
    'GET /console/{asset}': async (_req, params) => {
      const asset = (await assets()).get(params.asset ?? '');
      return asset && params.asset !== 'index.html' ? serve(asset) : errorOf('NOT_FOUND', `No console file ${params.asset}`);
    },
  };
}
