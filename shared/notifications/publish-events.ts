import type { OutboundEvent } from './notification.js';
import type { Publisher } from './publisher.js';

/**
 * Publishes each event with its deterministic id (`notification_id` or `event_id`) in the
 * data and the attributes, so that a retry's duplicate can be dropped by consumers.
 */
export async function publishEvents(publisher: Publisher, events: readonly OutboundEvent[]): Promise<void> {
  for (const e of events) {
    const idField = e.topic === 'referral-notifications' ? 'notification_id' : 'event_id';
    await publisher.publish(e.topic, {
      data: { [idField]: e.id, type: e.type, customer_id: e.customer_id, ...e.data },
      attributes: { type: e.type, [idField]: e.id },
    });
  }
}
