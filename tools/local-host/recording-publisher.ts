import { randomUUID } from 'node:crypto';
import type { OutboundMessage, OutboundTopic, PublishedMessage, Publisher } from '#shared/notifications/publisher.js';

/** Keeps every message published on every topic, inbound or outbound, and forwards outbound ones. */
export class RecordingPublisher implements Publisher {
  readonly #byTopic = new Map<string, PublishedMessage[]>();

  constructor(private readonly inner: Publisher | null) {}

  async publish(topic: OutboundTopic, message: OutboundMessage): Promise<string> {
    const messageId = this.inner ? await this.inner.publish(topic, message) : randomUUID();
    this.record(topic, message, messageId);
    return messageId;
  }

  /** Records a message published on any topic and returns it as kept. */
  record(topic: string, message: OutboundMessage, messageId: string = randomUUID()): PublishedMessage {
    const kept: PublishedMessage = structuredClone({ ...message, topic, messageId, publishTime: new Date().toISOString() });
    this.#byTopic.set(topic, [...(this.#byTopic.get(topic) ?? []), kept]);
    return kept;
  }

  /** Messages published on a topic, oldest first. */
  messages(topic: string): PublishedMessage[] {
    return structuredClone(this.#byTopic.get(topic) ?? []);
  }
}
