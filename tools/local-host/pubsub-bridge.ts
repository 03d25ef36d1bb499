import { randomUUID } from 'node:crypto';
import { functionCatalog, type FunctionName } from '#shared/app/function-catalog.js';
import type { FunctionServer } from './function-servers.js';

/** What one subscribed function did with a delivery. */
export interface DeliveryOutcome {
  function: FunctionName;
  status: number;
  outcome: 'acknowledged' | 'failed';
  body?: unknown;
}

/** Functions subscribed to a topic, by the catalog. */
export function subscribers(topic: string): FunctionName[] {
  return functionCatalog.filter((f) => f.trigger === 'pubsub' && f.topic === topic).map((f) => f.name);
}

/**
 * Delivers a message to every function subscribed to its topic as Eventarc does: an HTTP POST of a
 * binary-mode CloudEvent of type `google.cloud.pubsub.topic.v1.messagePublished` whose data holds
 * the Pub/Sub message with base64 data. A non-2xx answer is a nack (Pub/Sub would redeliver).
 */
export async function deliver(
  servers: Map<FunctionName, FunctionServer>,
  topic: string,
  message: { data: string; attributes: Record<string, string>; messageId?: string },
): Promise<DeliveryOutcome[]> {
  const messageId = message.messageId ?? randomUUID();
  const publishTime = new Date().toISOString();
  const outcomes: DeliveryOutcome[] = [];
  for (const name of subscribers(topic)) {
    const target = servers.get(name);
    if (!target) throw new Error(`Function ${name} subscribes to ${topic} but is not served`);
    const res = await fetch(target.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'ce-id': messageId,
        'ce-specversion': '1.0',
        'ce-source': `//pubsub.googleapis.com/projects/local/topics/${topic}`,
        'ce-type': 'google.cloud.pubsub.topic.v1.messagePublished',
        'ce-time': publishTime,
      },
      body: JSON.stringify({
        message: { data: Buffer.from(message.data, 'utf8').toString('base64'), attributes: message.attributes, messageId, publishTime },
        subscription: `projects/local/subscriptions/${name}`,
      }),
    });
    const text = await res.text();
    outcomes.push({
      function: name,
      status: res.status,
      outcome: res.ok ? 'acknowledged' : 'failed',
      ...(res.ok || !text ? {} : { body: text }),
    });
  }
  return outcomes;
}
