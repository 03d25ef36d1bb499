import { z } from 'zod';

/** The placeholder of `SHARE_LANDING_URL` that the canonical code replaces (required, once). */
export const codePlaceholder = '{code}';
/** The optional placeholder the click's id replaces, so the booking site can pass it to the apply route. */
export const clickPlaceholder = '{click_id}';

const codeSentinel = 'REFERRAL-CODE-PLACEHOLDER';
const clickSentinel = 'REFERRAL-CLICK-PLACEHOLDER';

interface Template {
  url: URL;
  /** Where `{code}` is: one query parameter's whole value, or one whole path segment. */
  code: { kind: 'query'; name: string } | { kind: 'path' };
  /** The query parameter whose whole value is `{click_id}`, if the template has one. */
  clickParam: string | null;
}

const countOf = (s: string, part: string) => s.split(part).length - 1;

/** Parses a template, or says why it is not one. */
function parse(template: string): Template | string {
  if (countOf(template, codePlaceholder) !== 1) return `must contain ${codePlaceholder} exactly once`;
  if (countOf(template, clickPlaceholder) > 1) return `may contain ${clickPlaceholder} at most once`;
  let url: URL;
  try {
    url = new URL(template.replace(codePlaceholder, codeSentinel).replace(clickPlaceholder, clickSentinel));
  } catch {
    return 'must be an absolute URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http(s) URL';
  const params = [...url.searchParams];
  const host = url.hostname.toUpperCase();
  if (host.includes(codeSentinel) || host.includes(clickSentinel) || url.hash.includes('PLACEHOLDER')) {
    return `${codePlaceholder} must be in the path or a query value`;
  }
  const clickParams = params.filter(([, v]) => v === clickSentinel);
  if (countOf(template, clickPlaceholder) !== clickParams.length) return `${clickPlaceholder} must be a whole query value`;
  const codeParams = params.filter(([, v]) => v === codeSentinel);
  const segments = url.pathname.split('/').filter((s) => s === codeSentinel);
  const clickParam = clickParams[0]?.[0] ?? null;
  if (codeParams.length === 1 && !url.pathname.includes(codeSentinel))
    return { url, code: { kind: 'query', name: codeParams[0]![0] }, clickParam };
  if (codeParams.length === 0 && segments.length === 1 && !url.search.includes(codeSentinel))
    return { url, code: { kind: 'path' }, clickParam };
  return `${codePlaceholder} must be a whole path segment or a whole query value`;
}

/** `SHARE_LANDING_URL`: an http(s) URL with `{code}` once (whole path segment or query value), `{click_id}` at most once (whole query value). */
export const landingTemplateSchema = z.string().superRefine((v, ctx) => {
  const parsed = parse(v);
  if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
});

/** A template's three landing pages, the code and the click id still as their sentinels. */
interface Forms {
  withoutCode: string;
  withCode: string;
  /** With the code and the click id; null when the template has no `{click_id}`. */
  withClick: string | null;
}

let cached: { template: string; forms: Forms } | null = null;

/** The forms of a template, parsed once (a process has one `SHARE_LANDING_URL`). */
function formsOf(template: string): Forms {
  if (cached?.template === template) return cached.forms;
  const parsed = parse(template);
  if (typeof parsed === 'string') throw new Error(`SHARE_LANDING_URL ${parsed}`);
  const { clickParam } = parsed;
  const withClick = clickParam === null ? null : parsed.url.toString();
  const codeOnly = new URL(parsed.url);
  if (clickParam !== null) codeOnly.searchParams.delete(clickParam);
  const none = new URL(codeOnly);
  if (parsed.code.kind === 'query') none.searchParams.delete(parsed.code.name);
  else
    none.pathname =
      none.pathname
        .split('/')
        .filter((s) => s !== codeSentinel)
        .join('/') || '/';
  const forms = { withoutCode: none.toString(), withCode: codeOnly.toString(), withClick };
  cached = { template, forms };
  return forms;
}

/**
 * The landing page for a canonical code (and the click's id, where the template asks for it), or
 * without a code (`null`): the template with the query parameter or path segment that held `{code}`
 * taken out, and the `{click_id}` parameter too, e.g. `https://x.travel/?ref={code}` →
 * `https://x.travel/`, `https://x.travel/join/{code}?utm=share` → `https://x.travel/join?utm=share`.
 * The template is parsed once; a redirect only fills in its values.
 */
export function landingUrl(template: string, code: string | null, clickId: string | null = null): string {
  const forms = formsOf(template);
  if (code === null) return forms.withoutCode;
  if (clickId === null || forms.withClick === null) return forms.withCode.replace(codeSentinel, encodeURIComponent(code));
  return forms.withClick.replace(codeSentinel, encodeURIComponent(code)).replace(clickSentinel, encodeURIComponent(clickId));
}
