import { isbot } from 'isbot';
import type { Context } from '../core/context.js';
import type { Customer } from '../customers/customer.js';
import { publishEvents } from '../notifications/publish-events.js';
import { normalizeReferralCode } from '../referral-codes/code-format.js';
import { landingUrl } from './landing-url.js';
import { clickIdOf, utcDay, visitorHash, type ShareClick } from './share-click.js';

/** A request of `GET /r/{code}`: the code as it came in the path, and who asked. */
export interface ShareLinkRequest {
  code: string;
  address: string;
  userAgent: string;
}

/** What became of the click; the redirect is the same whatever it is. */
export type ClickOutcome = 'recorded' | 'repeat' | 'not_a_code' | 'bot' | 'rate_limited' | 'pending' | 'failed';

/** Where to send the visitor, and what became of the click by the time the answer left. */
export interface ShareLinkAnswer {
  location: string;
  click: ClickOutcome;
}

/** The longest text looked up: a code is at most 13 characters, a path segment may be anything. */
const maxLookup = 64;

/**
 * isbot's verdict on the user agents seen lately. Its pattern is one large regular expression, on
 * the redirect's path before the answer; visitors' user agents repeat (a few browsers and app
 * versions make most of them), so a bounded memo spares most of its runs.
 */
const botVerdicts = new Map<string, boolean>();
const botVerdictsKept = 1000;

function isBot(userAgent: string): boolean {
  if (userAgent.trim() === '') return true;
  let verdict = botVerdicts.get(userAgent);
  if (verdict === undefined) {
    verdict = isbot(userAgent);
    if (botVerdicts.size >= botVerdictsKept) botVerdicts.delete(botVerdicts.keys().next().value!);
    botVerdicts.set(userAgent, verdict);
  }
  return verdict;
}

/** The canonical code, when the owner's code may be shared now (active, owner enabled, not erased). */
function shareableCode(owner: Customer | null): string | null {
  const code = owner?.referral_code;
  return owner && code?.status === 'active' && !owner.is_disabled && !owner.erasure ? code.referral_code : null;
}

/** The `share.clicked` event of a counted click, on `referral-events`. */
function clickEvent(click: ShareClick) {
  return {
    topic: 'referral-events' as const,
    type: 'share.clicked' as const,
    id: `share.clicked:${click.click_id}`,
    customer_id: click.referrer_id,
    data: {
      click_id: click.click_id,
      referral_code: click.referral_code,
      referrer_id: click.referrer_id,
      occurred_at: click.clicked_at,
    },
  };
}

/**
 * The visitor's window of the attempt store (`share:<visitor>`): every request counts, bots too, so
 * guessing codes is limited; past the limit the link lands without a code and counts nothing.
 * Then, for a person (not a bot), one click document: read for a code that cannot be shared,
 * inserted for one that can. Every code costs the same store round trips; only a visitor's first
 * click of a real code in a day also publishes `share.clicked`.
 */
async function recordClick(
  ctx: Context,
  code: string | null,
  owner: Customer | null,
  visitor: string,
  bot: boolean,
  now: Date,
): Promise<ClickOutcome> {
  const { clickLimit, clickWindowSeconds } = ctx.rules.share;
  const size = clickWindowSeconds * 1000;
  const start = new Date(Math.floor(now.getTime() / size) * size);
  const key = `share:${visitor}`;
  if ((await ctx.stores.attempts.countAttempts(key, start)) >= clickLimit) return 'rate_limited';
  await ctx.stores.attempts.addAttempt(key, start, new Date(start.getTime() + size));
  if (bot) return 'bot';
  const day = utcDay(now);
  const clickId = clickIdOf(code ?? '', visitor, day);
  if (code === null || owner === null) {
    await ctx.stores.clicks.getClick(clickId);
    return 'not_a_code';
  }
  const click: ShareClick = {
    click_id: clickId,
    referral_code: code,
    referrer_id: owner.customer_id,
    visitor,
    day,
    clicked_at: now.toISOString(),
  };
  if ((await ctx.stores.clicks.insertClick(click)) === 'duplicate') return 'repeat';
  await publishEvents(ctx.publisher, [clickEvent(click)]);
  return 'recorded';
}

/** `work`'s outcome; its failure is logged as a WARNING, never thrown. */
function logged(ctx: Context, work: Promise<ClickOutcome>): Promise<ClickOutcome> {
  return work.catch((e: unknown) => {
    ctx.logger.log('WARNING', `Share click not recorded: ${e instanceof Error ? e.message : String(e)}`);
    return 'failed' as const;
  });
}

/**
 * Records the click and waits for it at most `ms`. With 0 the recording starts only after the
 * event loop's current turn, in which the answer is written (`setImmediate`): not even its first
 * synchronous steps (building the attempt window's first command) run before the redirect
 * leaves, and the answer never waits for it.
 */
async function within(ctx: Context, record: () => Promise<ClickOutcome>, ms: number): Promise<ClickOutcome> {
  if (ms === 0) {
    setImmediate(() => void logged(ctx, record()));
    return 'pending';
  }
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'pending'>((resolve) => {
    timer = setTimeout(() => resolve('pending'), ms);
    timer.unref();
  });
  try {
    return await Promise.race([logged(ctx, record()), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `GET /r/{code}` (docs/rules.md §9): the landing page with the canonical code (and the click's
 * id where the template has `{click_id}`), or without a code for an unknown, malformed, inactive or
 * erased one, after the same lookups either way. The click is counted at most once per code,
 * visitor and UTC day, bots never; the answer waits for the recording at most
 * `SHARE_CLICK_RECORD_TIMEOUT_MS` (by default 0: not at all) and never fails for it. A visitor
 * known to be past `SHARE_CLICK_LIMIT` by then lands without a code.
 */
export async function followShareLink(ctx: Context, req: ShareLinkRequest): Promise<ShareLinkAnswer> {
  const typed = req.code.slice(0, maxLookup);
  let owner: Customer | null;
  try {
    owner = await ctx.stores.customers.findCustomerByCode(normalizeReferralCode(typed) ?? typed.toUpperCase());
  } catch (e) {
    // A friend who follows a link lands on the site even while the database is away.
    ctx.logger.log('ERROR', `Share link lookup failed: ${e instanceof Error ? e.message : String(e)}`);
    return { location: landingUrl(ctx.rules.share.landingUrl, null), click: 'failed' };
  }
  const shareable = shareableCode(owner);
  const bot = isBot(req.userAgent);
  const visitor = visitorHash(ctx.rules.trust.piiHashSecret, req.address, req.userAgent);
  const now = ctx.clock.now();
  const record = () => recordClick(ctx, shareable, shareable === null ? null : owner, visitor, bot, now);
  const click = await within(ctx, record, ctx.rules.share.recordTimeoutMs);
  // Past the visitor's limit the link reveals no code (a guesser learns nothing); a slow store does not hold it back.
  const code = click === 'rate_limited' ? null : shareable;
  const clickId = code === null || bot ? null : clickIdOf(code, visitor, utcDay(now));
  return { location: landingUrl(ctx.rules.share.landingUrl, code, clickId), click };
}
