import type { NotificationType, OutboundEvent, ReferralEventType } from '../notifications/notification.js';
import { publishEvents } from '../notifications/publish-events.js';
import { step, type Context } from '../core/context.js';
import { deadKey, type Usage } from './usage.js';

/** Queues the usage's deal for the deal sync, which writes its `referral_code_applied`. */
export function queueDealSync(ctx: Context, usage: Usage): Promise<void> {
  return ctx.stores.dealSyncQueue.enqueue(usage.deal_id);
}

/** When the transition an event announces happened, from the usage itself, so a republished event says the same. */
function occurredAt(type: ReferralEventType, u: Usage): string {
  if (type === 'referral.applied') return u.applied_at;
  if (type === 'referral.converted') return u.converted_at ?? u.updated_at;
  return u.ended_at ?? u.updated_at;
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
      occurred_at: occurredAt(type, u),
      ...extra,
    },
  };
}

/** The notification to a usage's referrer, with its deterministic id. */
export function referrerNotification(type: NotificationType, u: Usage, data: Record<string, unknown>): OutboundEvent {
  return { topic: 'referral-notifications', type, id: `${type}:${u.usage_id}`, customer_id: u.referrer_id, data };
}

/** Publishes the given events. */
export function announce(ctx: Context, events: OutboundEvent[]): Promise<void> {
  return publishEvents(ctx.publisher, events);
}

/** What follows a usage gaining or giving up its deal: the deal sync is queued, then `events` are published. */
export async function syncAndAnnounce(ctx: Context, usage: Usage, events: OutboundEvent[]): Promise<void> {
  await queueDealSync(ctx, usage);
  step(ctx, 'deal-sync-queued');
  await announce(ctx, events);
}

/** The patch that ends a usage: it gives up its deal and its referee. */
export function endPatch(u: Usage, state: 'released' | 'reversed', reason: string, now: Date) {
  return {
    state,
    live_deal_key: deadKey(u.usage_id),
    live_referee_key: deadKey(u.usage_id),
    ended_at: now.toISOString(),
    end_reason: reason,
    // An ended usage has no hold left to release.
    hold_due_at: null,
    updated_at: now.toISOString(),
  };
}
