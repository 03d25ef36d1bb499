import { randomUUID } from 'node:crypto';
import type { OutboundMessage, OutboundTopic, PublishedMessage, Publisher } from '../../notifications/publisher.js';

/** Keeps published messages in memory, readable per topic (the local host and tests). */
export class MemoryPublisher implements Publisher {
  readonly #messages: PublishedMessage[] = [];

  async publish(topic: OutboundTopic, message: OutboundMessage): Promise<string> {
    const messageId = randomUUID();
    this.#messages.push(structuredClone({ ...message, topic, messageId, publishTime: new Date().toISOString() }));
    return messageId;
  }

  /** Messages published on a topic, oldest first. */
  messages(topic?: string): PublishedMessage[] {
    return this.#messages.filter((m) => topic === undefined || m.topic === topic).map((m) => structuredClone(m));
  }
}
