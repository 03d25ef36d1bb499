import type { ClientConfig, PubSub, Topic } from '@google-cloud/pubsub';
import type { OutboundMessage, OutboundTopic, Publisher } from '../../notifications/publisher.js';

/**
 * A no-credentials auth client for an emulator. The library already sends no credentials to
 * one, but without this it still asks Google's auth library for application default credentials
 * (to check the "universe domain"), which probes the GCE metadata server.
 */
const emulatorAuthClient = {
  getRequestHeaders: async (): Promise<Headers> => new Headers(),
} as unknown as ClientConfig['authClient'];

/** Whether the client will talk to an emulator: an endpoint is set, and it is not Google's. */
function emulatorEndpoint(apiEndpoint: string | undefined): boolean {
  const endpoint = apiEndpoint ?? process.env['PUBSUB_EMULATOR_HOST'];
  if (!endpoint) return false;
  const host = endpoint.replace(/^https?:\/\//, '').split(/[:/]/)[0] ?? '';
  return !host.endsWith('.googleapis.com');
}

/** Which project's topics a {@link PubSubPublisher} publishes to, and how it reaches Pub/Sub. */
export interface PubSubPublisherOptions {
  /** Project that owns the topics. */
  projectId: string;
  /**
   * Another endpoint than Google's, as `host:port` (e.g. `127.0.0.1:8085` for the pstest server
   * or the gcloud emulator). A non-Google endpoint puts the client in emulator mode: plaintext
   * gRPC, no credentials. Without it, `PUBSUB_EMULATOR_HOST` is honoured as usual.
   */
  apiEndpoint?: string;
  /** A ready client (tests); otherwise one is created on first publish and reused. */
  client?: PubSub;
}

/**
 * Publishes to Pub/Sub with `@google-cloud/pubsub`. The library is loaded, and the client
 * created, on the first publish only (cold starts of functions that publish nothing stay short);
 * one topic handle per topic is kept, so its batching publisher and channel are reused.
 *
 * The message data is the JSON of `data`; attributes go as they are (the deterministic
 * `notification_id` / `event_id` among them). Resolves with the id Pub/Sub gave the message.
 */
export class PubSubPublisher implements Publisher {
  readonly #options: PubSubPublisherOptions;
  #client: Promise<PubSub> | undefined;
  readonly #topics = new Map<string, Topic>();

  constructor(options: PubSubPublisherOptions) {
    if (!options.projectId) throw new Error('PubSubPublisher needs a projectId');
    this.#options = options;
    if (options.client) this.#client = Promise.resolve(options.client);
  }

  #getClient(): Promise<PubSub> {
    if (this.#client) return this.#client;
    const created = (async () => {
      const { PubSub } = await import('@google-cloud/pubsub');
      const { projectId, apiEndpoint } = this.#options;
      return new PubSub({
        projectId,
        ...(apiEndpoint !== undefined ? { apiEndpoint } : {}),
        ...(emulatorEndpoint(apiEndpoint) ? { emulatorMode: true, authClient: emulatorAuthClient } : {}),
      });
    })();
    // A failed load must not stick: the next publish tries again.
    created.catch(() => {
      if (this.#client === created) this.#client = undefined;
    });
    this.#client = created;
    return this.#client;
  }

  async #topic(name: OutboundTopic): Promise<Topic> {
    const client = await this.#getClient();
    let topic = this.#topics.get(name);
    if (!topic) {
      topic = client.topic(name);
      this.#topics.set(name, topic);
    }
    return topic;
  }

  async publish(topic: OutboundTopic, message: OutboundMessage): Promise<string> {
    for (const [key, value] of Object.entries(message.attributes)) {
      if (typeof value !== 'string') {
        throw new TypeError(`Pub/Sub attribute ${JSON.stringify(key)} must be a string, got ${typeof value}`);
      }
    }
    const handle = await this.#topic(topic);
    return await handle.publishMessage({
      data: Buffer.from(JSON.stringify(message.data), 'utf8'),
      attributes: { ...message.attributes },
    });
  }

  /** Sends what is still batched and closes the client's channels (end of process, tests). */
  async close(): Promise<void> {
    const pending = this.#client;
    if (!pending) return;
    const client = await pending;
    await Promise.all([...this.#topics.values()].map((t) => t.flush()));
    this.#topics.clear();
    this.#client = undefined;
    // A client handed in by the caller is the caller's to close.
    if (!this.#options.client) await client.close();
  }
}
