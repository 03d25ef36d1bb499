/**
 * PubSubPublisher against a real Pub/Sub server: Google's in-memory pstest on loopback
 * (built by `bash tools/pstest/build.sh`). Never skipped: without the binary the suite fails
 * with the build command.
 */
import { PubSub, v1 } from '@google-cloud/pubsub';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PubSubPublisher } from '#shared/adapters/pubsub/publisher.js';
import { outboundTopics, type OutboundMessage } from '#shared/notifications/publisher.js';
import { startPubSubEmulator, type PubSubEmulator } from '../../../tools/pstest/server.js';

const PROJECT = 'referral-test';

let server: PubSubEmulator | undefined;
let admin: PubSub;
let subscriber: v1.SubscriberClient;
let publisher: PubSubPublisher;

/** pstest takes no credentials: this keeps the test's own clients from looking any up. */
const noCredentials = { getRequestHeaders: async () => new Headers() } as never;

const subscriptionOf = (topic: string): string => `projects/${PROJECT}/subscriptions/${topic}-test`;

interface Pulled {
  messageId: string;
  data: unknown;
  attributes: Record<string, string>;
  publishTime: string;
}

/** Pulls (and acks) what the test subscription of a topic holds, waiting up to 10 s for `count` messages. */
async function pull(topic: string, count: number): Promise<Pulled[]> {
  const got: Pulled[] = [];
  const deadline = Date.now() + 10_000;
  while (got.length < count && Date.now() < deadline) {
    const [res] = await subscriber.pull({ subscription: subscriptionOf(topic), maxMessages: 100 });
    const received = res.receivedMessages ?? [];
    for (const r of received) {
      const m = r.message!;
      got.push({
        messageId: String(m.messageId),
        data: JSON.parse(typeof m.data === 'string' ? m.data : Buffer.from(m.data ?? new Uint8Array()).toString('utf8')),
        attributes: { ...(m.attributes ?? {}) },
        publishTime: new Date(Number(m.publishTime?.seconds ?? 0) * 1000).toISOString(),
      });
    }
    if (received.length > 0) {
      await subscriber.acknowledge({ subscription: subscriptionOf(topic), ackIds: received.map((r) => r.ackId!) });
    } else {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return got;
}

beforeAll(async () => {
  server = await startPubSubEmulator();
  admin = new PubSub({ projectId: PROJECT, apiEndpoint: server.host, authClient: noCredentials });
  for (const topic of outboundTopics) {
    const [t] = await admin.createTopic(topic);
    await t.createSubscription(`${topic}-test`);
  }
  // The admin client's resolved settings (endpoint, plaintext channel, no credentials).
  subscriber = new v1.SubscriberClient({ ...(await admin.getClientConfig()) });
  publisher = new PubSubPublisher({ projectId: PROJECT, apiEndpoint: server.host });
}, 60_000);

afterAll(async () => {
  await publisher.close();
  await subscriber.close();
  await admin.close();
  await server?.stop();
});

describe('PubSubPublisher on the pstest server', () => {
  it('publishes a notification: JSON data and attributes (with notification_id) arrive intact', async () => {
    const message: OutboundMessage = {
      data: {
        notification_id: 'ntf_2b1c0e',
        type: 'referral.reward_granted',
        customer_id: 'cust-42',
        points: 500,
        nested: { codes: ['ASHA-7K2P'], expires_at: '2027-03-14T00:00:00.000Z' },
        note: 'नमस्ते — ünïcödé',
      },
      attributes: { type: 'referral.reward_granted', notification_id: 'ntf_2b1c0e' },
    };
    const messageId = await publisher.publish('referral-notifications', message);
    expect(messageId).toMatch(/\S/);

    const [got] = await pull('referral-notifications', 1);
    expect(got).toBeDefined();
    expect(got!.messageId).toBe(messageId);
    expect(got!.data).toEqual(message.data);
    expect(got!.attributes).toEqual(message.attributes);
  });

  it('publishes events with their event_id attribute, one message id each, to the right topic', async () => {
    const messages = ['evt_1', 'evt_2', 'evt_3'].map((id) => ({
      data: { event_id: id, type: 'referral.code_applied', customer_id: 'cust-7' },
      attributes: { type: 'referral.code_applied', event_id: id },
    }));
    const ids = await Promise.all(messages.map((m) => publisher.publish('referral-events', m)));
    expect(new Set(ids).size).toBe(3);

    const got = await pull('referral-events', 3);
    expect(got).toHaveLength(3);
    const byEventId = new Map(got.map((g) => [g.attributes['event_id'], g]));
    for (const [i, m] of messages.entries()) {
      const g = byEventId.get(m.attributes.event_id);
      expect(g?.messageId).toBe(ids[i]);
      expect(g?.data).toEqual(m.data);
      expect(g?.attributes).toEqual(m.attributes);
    }
    // Nothing leaked to the other topic.
    const [res] = await subscriber.pull({ subscription: subscriptionOf('referral-notifications'), maxMessages: 10 });
    expect(res.receivedMessages ?? []).toHaveLength(0);
  });

  it('creates one client and one topic handle per topic, reused across publishes', async () => {
    const client = new PubSub({ projectId: PROJECT, apiEndpoint: server!.host, authClient: noCredentials });
    const topicSpy = vi.spyOn(client, 'topic');
    const own = new PubSubPublisher({ projectId: PROJECT, client });
    try {
      for (let i = 0; i < 3; i++) {
        await own.publish('referral-events', { data: { event_id: `cache_${i}` }, attributes: { event_id: `cache_${i}` } });
      }
      await own.publish('referral-notifications', { data: { notification_id: 'n' }, attributes: { notification_id: 'n' } });
      expect(topicSpy.mock.calls.map((c) => c[0])).toEqual(['referral-events', 'referral-notifications']);
    } finally {
      await own.close();
      await client.close();
    }
    await pull('referral-events', 3);
    await pull('referral-notifications', 1);
  });

  it('rejects when the topic does not exist', async () => {
    const lost = new PubSubPublisher({ projectId: 'no-such-project', apiEndpoint: server!.host });
    try {
      await expect(lost.publish('referral-events', { data: { event_id: 'x' }, attributes: { event_id: 'x' } })).rejects.toThrow(
        /not.?found/i,
      );
    } finally {
      await lost.close();
    }
  }, 30_000);
});
