import { z } from 'zod';
import type { ShareRules } from '../core/rules.js';
import { landingTemplateSchema } from '../growth/landing-url.js';

/** The landing page local runs use unless told otherwise; production refuses it. */
export const devShareLandingUrl = 'https://example.com/?ref={code}&click_id={click_id}';

const int = (min: number) => z.coerce.number().int().min(min);

/** The variables of docs/rules.md §9, part of the one configuration schema (`shared/app/config.ts`). */
export const shareEnvShape = {
  SHARE_LANDING_URL: landingTemplateSchema.default(devShareLandingUrl),
  SHARE_CLICK_LIMIT: int(1).default(30),
  SHARE_CLICK_WINDOW_SECONDS: int(1).default(3600),
  // 0: the redirect does not wait for its click at all (it is recorded after the answer).
  SHARE_CLICK_RECORD_TIMEOUT_MS: int(0).default(0),
};

type ShareEnv = z.infer<z.ZodObject<typeof shareEnvShape>>;

/** What production refuses of §9's configuration: the example landing page. */
export function shareProductionProblems(e: ShareEnv): string[] {
  return e.SHARE_LANDING_URL === devShareLandingUrl
    ? ['SHARE_LANDING_URL: required when NODE_ENV=production (the example landing page is refused)']
    : [];
}

/** The rules of docs/rules.md §9 from the parsed variables. */
export function shareRules(e: ShareEnv): ShareRules {
  return {
    landingUrl: e.SHARE_LANDING_URL,
    clickLimit: e.SHARE_CLICK_LIMIT,
    clickWindowSeconds: e.SHARE_CLICK_WINDOW_SECONDS,
    recordTimeoutMs: e.SHARE_CLICK_RECORD_TIMEOUT_MS,
  };
}
