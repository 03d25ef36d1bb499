import { z } from 'zod';

/** The placeholder of `SHARE_LANDING_URL` that the canonical code replaces. */
export const codePlaceholder = '{code}';

const sentinel = 'REFERRAL-CODE-PLACEHOLDER';

/**
 * Where the placeholder sits: in the value of one query parameter (`?ref={code}`) or as one whole
 * path segment (`/join/{code}`). That is what makes "the landing page without a code" well defined:
 * the template with that parameter, or that segment, taken out.
 */
function placeholderSite(url: URL): { kind: 'query'; name: string } | { kind: 'path' } | null {
  const params = [...url.searchParams].filter(([, v]) => v === sentinel);
  if (params.length === 1 && !url.pathname.includes(sentinel)) return { kind: 'query', name: params[0]![0] };
  const segments = url.pathname.split('/');
  if (params.length === 0 && segments.filter((s) => s === sentinel).length === 1 && !url.search.includes(sentinel)) return { kind: 'path' };
  return null;
}

/** Parses a template, or says why it is not one. */
function parse(template: string): { url: URL; site: NonNullable<ReturnType<typeof placeholderSite>> } | string {
  if (template.split(codePlaceholder).length !== 2) return `must contain ${codePlaceholder} exactly once`;
  let url: URL;
  try {
    url = new URL(template.replace(codePlaceholder, sentinel));
  } catch {
    return 'must be an absolute URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http(s) URL';
  if (url.hostname.includes(sentinel.toLowerCase()) || url.hash.includes(sentinel))
    return `${codePlaceholder} must be in the path or a query value`;
  const site = placeholderSite(url);
  return site ? { url, site } : `${codePlaceholder} must be a whole path segment or a whole query value`;
}

/** `SHARE_LANDING_URL`: an http(s) URL with `{code}` once, as a whole path segment or query value. */
export const landingTemplateSchema = z.string().superRefine((v, ctx) => {
  const parsed = parse(v);
  if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
});

/**
 * The landing page for a canonical code, or without a code (`null`): the template with the
 * parameter or path segment that held `{code}` taken out, e.g. `https://x.travel/?ref={code}` →
 * `https://x.travel/`, `https://x.travel/join/{code}?utm=share` → `https://x.travel/join?utm=share`.
 */
export function landingUrl(template: string, code: string | null): string {
  const parsed = parse(template);
  if (typeof parsed === 'string') throw new Error(`SHARE_LANDING_URL ${parsed}`);
  const { url, site } = parsed;
  if (code !== null) return url.toString().replace(sentinel, encodeURIComponent(code));
  if (site.kind === 'query') url.searchParams.delete(site.name);
  else
    url.pathname =
      url.pathname
        .split('/')
        .filter((s) => s !== sentinel)
        .join('/') || '/';
  return url.toString();
}
