import { z } from 'zod';

/**
 * `CARD_ALLOWED_ORIGINS`: the origins of the booking sites whose pages may call the card's routes
 * (docs/rules.md §9), comma-separated, each exact as a browser sends it in `Origin`: scheme, host
 * and port only (no path, no trailing slash, lower case, no default port), e.g.
 * `https://www.example.travel,https://m.example.travel`. Unset: none.
 */
const originListSchema = z.string().transform((value, ctx) => {
  const origins = value
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '');
  for (const origin of origins) {
    let url: URL | null = null;
    try {
      url = new URL(origin);
    } catch {
      // Reported below.
    }
    if (!url || !/^https?:$/.test(url.protocol) || url.origin !== origin) {
      ctx.addIssue({
        code: 'custom',
        message: `"${origin}" is not an exact origin (scheme://host[:port] as a browser sends it: no path, no trailing slash, lower case)`,
      });
    }
  }
  return origins;
});

/** The variables of the card's cross-origin access, part of the one configuration schema (`shared/app/config.ts`). */
export const cardEnvShape = {
  CARD_ALLOWED_ORIGINS: originListSchema.optional(),
};

type CardEnv = z.infer<z.ZodObject<typeof cardEnvShape>>;

/** What production refuses: an origin over plain http, whose page could not keep a customer's token to itself. */
export function cardProductionProblems(e: CardEnv): string[] {
  const plain = (e.CARD_ALLOWED_ORIGINS ?? []).filter((o) => o.startsWith('http:'));
  return plain.length > 0 ? [`CARD_ALLOWED_ORIGINS: ${plain.join(', ')} refused when NODE_ENV=production (https only)`] : [];
}

/** Where the card may be used from. */
export interface CardConfig {
  /** Exact origins whose pages may call the card's routes; empty: none. */
  allowedOrigins: readonly string[];
}

/** The card's configuration from the parsed variables. */
export function cardConfig(e: CardEnv): CardConfig {
  return { allowedOrigins: e.CARD_ALLOWED_ORIGINS ?? [] };
}
