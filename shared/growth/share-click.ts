import { createHmac, createSecretKey, hash, type KeyObject } from 'node:crypto';

/** One counted click of a share link (MongoDB `share_clicks`): at most one per code, visitor and UTC day. */
export interface ShareClick {
  /** `clk_` + 32 hex digits, from the code, visitor and day ({@link clickIdOf}). */
  click_id: string;
  referral_code: string;
  referrer_id: string;
  /** The keyed hash of the visitor ({@link visitorHash}); never the address or user agent. */
  visitor: string;
  /** The UTC day, `YYYY-MM-DD`. */
  day: string;
  clicked_at: string;
}

/** What a click id looks like, for the apply route's `click_id`. */
export const clickIdPattern = /^clk_[0-9a-f]{32}$/;

let visitorKey: { secret: string; key: KeyObject } | null = null;

/**
 * The visitor of a click: HMAC-SHA256 (key `PII_HASH_SECRET`) of the address and user agent, so
 * that neither is stored and the same visitor hashes alike on every instance. The key is imported
 * once (a process has one secret), not on every redirect.
 */
export function visitorHash(secret: string, address: string, userAgent: string): string {
  if (visitorKey?.secret !== secret) visitorKey = { secret, key: createSecretKey(Buffer.from(secret, 'utf8')) };
  return createHmac('sha256', visitorKey.key).update(`visitor:${address}\u0000${userAgent}`).digest('hex');
}

/**
 * The deterministic id of the one click a visitor may count for a code on a day. One-shot
 * `hash()`, not a `createHash` object: it is on the redirect's path, before the answer.
 */
export function clickIdOf(code: string, visitor: string, day: string): string {
  return `clk_${hash('sha256', `${code}\u0000${visitor}\u0000${day}`, 'hex').slice(0, 32)}`;
}

/** The UTC day of an instant, `YYYY-MM-DD`. */
export function utcDay(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}
