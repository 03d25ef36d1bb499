import { randomUUID } from 'node:crypto';
import type { OutboundMessage, OutboundTopic, PublishedMessage, Publisher } from '#shared/notifications/publisher.js';
import type { EventWarehouse } from '#shared/growth/event-warehouse.js';
import { subscriptionRow } from '#shared/notifications/referral-events-table.js';

/** The BigQuery subscription of terraform/analytics.tf, as the rows it writes name it. */
export const eventsSubscription = 'projects/local/subscriptions/referral-events-to-bigquery';

/** The fields of a message that hold personal data: a `customer.upserted`'s own, and a payment's `customer`. */
const personalFields = ['name', 'email', 'phone_number', 'customer'] as const;

/**
 * Keeps every message published on every topic, inbound or outbound, and forwards outbound ones.
 * A `customer.erased` event erases the personal data of the messages it keeps about that
 * customer (docs/rules.md §7): these copies are stores too.
 */
export class RecordingPublisher implements Publisher {
  readonly #byTopic = new Map<string, PublishedMessage[]>();
  #warehouse: EventWarehouse | null = null;

  constructor(private readonly inner: Publisher | null) {}

  /**
   * Writes every `referral-events` message into the warehouse as the Pub/Sub BigQuery subscription
   * does in production (terraform/analytics.tf): the BigQuery emulator's table when BigQuery is
   * configured, the memory warehouse otherwise.
   */
  feed(warehouse: EventWarehouse): void {
    this.#warehouse = warehouse;
  }

  async publish(topic: OutboundTopic, message: OutboundMessage): Promise<string> {
    const messageId = this.inner ? await this.inner.publish(topic, message) : randomUUID();
    const kept = this.record(topic, message, messageId);
    if (topic === 'referral-events' && this.#warehouse) await this.#warehouse.record([subscriptionRow(kept, eventsSubscription)]);
    return messageId;
  }

  /** Records a message published on any topic and returns it as kept. */
  record(topic: string, message: OutboundMessage, messageId: string = randomUUID()): PublishedMessage {
    const kept: PublishedMessage = structuredClone({ ...message, topic, messageId, publishTime: new Date().toISOString() });
    this.#byTopic.set(topic, [...(this.#byTopic.get(topic) ?? []), kept]);
    if (topic === 'referral-events' && message.attributes.type === 'customer.erased' && typeof message.data.customer_id === 'string') {
      this.#erase(message.data.customer_id);
    }
    return kept;
  }

  /** Messages published on a topic, oldest first. */
  messages(topic: string): PublishedMessage[] {
    return structuredClone(this.#byTopic.get(topic) ?? []);
  }

  #erase(customerId: string): void {
    for (const messages of this.#byTopic.values()) {
      for (const m of messages) {
        if (m.data.customer_id !== customerId) continue;
        for (const f of personalFields) if (f in m.data) m.data[f] = null;
      }
    }
  }
}
