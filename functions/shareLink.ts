import { http } from '@google-cloud/functions-framework';
import { onUnreadableRequest } from '#shared/http/framework-errors.js';
import { forAnyone, httpFunction } from '#shared/http/http-function.js';
import { followShareLink } from '#shared/growth/follow-share-link.js';
import { cardRoutes, cardScriptName } from '#shared/http/card-routes.js';
import { assetsIn } from '#shared/http/static-assets.js';

/** The visitor's address: the first of `X-Forwarded-For`, which the Google front end sets. */
function addressOf(headers: Record<string, string | undefined>): string {
  const first = headers['x-forwarded-for']?.split(',')[0]?.trim() ?? '';
  return first === '' ? 'unknown' : first;
}

const follow = forAnyone(async (ctx, req, params) => {
  const answer = await followShareLink(ctx, {
    code: params.code ?? '',
    address: addressOf(req.headers),
    userAgent: req.headers['user-agent'] ?? '',
  });
  // Never cached: every visit must reach the function to be counted.
  return { status: 302, headers: { Location: answer.location, 'Cache-Control': 'private, no-store' } };
});

/**
 * Share links: `GET /r/{code}` redirects to the landing page, public, and counts the click; and
 * the referrer's card's script, `GET /card/{file}`, from `card/` beside the bundle (docs/rules.md §9).
 */
export const handler = httpFunction('shareLink', {
  'GET /r/{code}': follow,
  ...cardRoutes(assetsIn('card', new URL('./card/', import.meta.url), [cardScriptName])),
});

// A path that is not valid percent-encoding never reaches the route: it redirects like an unknown code.
onUnreadableRequest(async ({ method, rawPath, headers }) => {
  const code = /^\/r\/([^/]+)\/?$/.exec(rawPath)?.[1];
  return method === 'GET' && code !== undefined ? follow({ method, path: rawPath, headers, query: {}, body: undefined }, { code }) : null;
});
http('shareLink', handler);
