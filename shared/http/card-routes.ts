import { hash } from 'node:crypto';
import type { HttpResponse } from './http-types.js';
import { errorOf } from './respond.js';
import type { Routes } from './router.js';
import type { StaticAsset, StaticAssets } from './static-assets.js';

/** The card's script under its fixed name: the one a booking site's script tag names. */
export const cardScriptName = 'referral-card.js';
/** How long a browser or a shared cache keeps the fixed name before asking again (it then gets a 304 while unchanged). */
export const cardScriptMaxAgeSeconds = 300;

const etags = new WeakMap<StaticAsset, string>();
const etagOf = (asset: StaticAsset) => {
  let etag = etags.get(asset);
  if (etag === undefined) etags.set(asset, (etag = `"${hash('sha256', asset.body, 'hex').slice(0, 32)}"`));
  return etag;
};

/**
 * `GET /card/{file}`: the referrer's card, public (docs/rules.md §9). `referral-card.js` is kept
 * `cardScriptMaxAgeSeconds`, so a new release reaches every site within minutes without a change
 * to its script tag; `referral-card-<hash>.js` is the same script under its content hash, kept
 * for good, for a site that pins a release (and can give its `integrity`). Any page may load
 * them: a module script is fetched with CORS, so they carry `Access-Control-Allow-Origin: *` (the
 * script is public; what it calls is guarded by the API's own CORS and the customer's token).
 */
export function cardRoutes(assets: () => Promise<StaticAssets>): Routes {
  return {
    'GET /card/{file}': async (req, params): Promise<HttpResponse> => {
      const asset = (await assets()).get(params.file ?? '');
      if (!asset) return errorOf('NOT_FOUND', `No card file ${params.file ?? ''}`);
      const etag = etagOf(asset);
      const headers = {
        'Content-Type': asset.type,
        'Cache-Control': asset.immutable ? 'public, max-age=31536000, immutable' : `public, max-age=${cardScriptMaxAgeSeconds}`,
        ETag: etag,
        'Access-Control-Allow-Origin': '*',
        'Cross-Origin-Resource-Policy': 'cross-origin',
        'X-Content-Type-Options': 'nosniff',
      };
      if (req.headers['if-none-match'] === etag) return { status: 304, headers };
      return { status: 200, bytes: asset.body, headers };
    },
  };
}
