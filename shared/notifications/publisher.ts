/** A message to publish: JSON data plus string attributes (the event `type` among them). */
export interface OutboundMessage {
  data: Record<string, unknown>;
  attributes: Record<string, string>;
}

/** Topics the system publishes to. */
export const outboundTopics = ['referral-notifications', 'referral-events'] as const;
/** One of {@link outboundTopics}. */
export type OutboundTopic = (typeof outboundTopics)[number];

/** A message as the publisher recorded or sent it. */
export interface PublishedMessage extends OutboundMessage {
  topic: string;
  messageId: string;
  publishTime: string;
}

/**
 * Pub/Sub publishing. Every message carries a deterministic id in its attributes
 * (`notification_id` or `event_id`) so that consumers drop the duplicates a retry makes.
 */
export interface Publisher {
  publish(topic: OutboundTopic, message: OutboundMessage): Promise<string>;
}
