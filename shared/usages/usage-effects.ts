import type { ReferralStats } from '../customers/customer.js';
import { fail, type DomainError } from '../errors/domain-error.js';
import type { OutboundEvent, ReferralEventType } from '../notifications/notification.js';
import { publishEvents } from '../notifications/publish-events.js';
import type { Context } from '../runtime/context.js';
import { statsDelta, type Usage } from './usage.js';

/**
 * Applies to the referrer's stats what one transition of a usage changed, once per
 * `usage_id:transition`; a retry finds its key and changes nothing.
 */
export async function countTransition(
  ctx: Context,
  transition: string,
  before: Parameters<typeof statsDelta>[0] | null,
  after: Usage,
  maxTotalUses: number | null = null,
): Promise<DomainError | null> {
  const delta: ReferralStats = statsDelta(before, after);
  const outcome = await ctx.stores.customers.applyStatsChange(after.referrer_id, `${after.usage_id}:${transition}`, delta, maxTotalUses);
  if (outcome !== 'limit_reached') return null;
  return fail('REFERRER_LIMIT_REACHED', `The owner of ${after.referral_code} has reached the referral limit of ${maxTotalUses}`);
}

/** The referral event for a usage transition, with its deterministic id. */
export function referralEvent(type: ReferralEventType, u: Usage, extra: Record<string, unknown> = {}): OutboundEvent {
  return {
    topic: 'referral-events',
    type,
    id: `${type}:${u.usage_id}`,
    customer_id: u.referrer_id,
    data: {
      usage_id: u.usage_id,
      referral_code: u.referral_code,
      referrer_id: u.referrer_id,
      referee_id: u.referee_id,
      deal_id: u.deal_id,
      state: u.state,
      ...extra,
    },
  };
}

/** Publishes the given events. */
export function announce(ctx: Context, events: OutboundEvent[]): Promise<void> {
  return publishEvents(ctx.publisher, events);
}

/** The patch that ends a usage: it gives up its deal and its referee. */
export function endPatch(u: Usage, state: 'released' | 'reversed', reason: string, now: Date) {
  return {
    state,
    live_deal_key: `dead:${u.usage_id}`,
    live_referee_key: `dead:${u.usage_id}`,
    ended_at: now.toISOString(),
    end_reason: reason,
    deal_sync_pending: true,
    updated_at: now.toISOString(),
  };
}
