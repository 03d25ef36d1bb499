import { z } from 'zod';

/** The Pub/Sub message inside an Eventarc `messagePublished` CloudEvent. */
export const pubsubCloudEventDataSchema = z.object({
  message: z.object({
    data: z.string().optional(),
    attributes: z.record(z.string(), z.string()).optional(),
    messageId: z.string().optional(),
    message_id: z.string().optional(),
    publishTime: z.string().optional(),
  }),
  subscription: z.string().optional(),
});

/** A decoded Pub/Sub message: its type attribute, JSON data and id. */
export interface PubSubMessage {
  type: string | null;
  data: unknown;
  attributes: Record<string, string>;
  messageId: string | null;
}

/** Decodes the CloudEvent's data; throws a `MalformedMessageError` when it is not a Pub/Sub message with JSON data. */
export function decodePubSubMessage(cloudEventData: unknown): PubSubMessage {
  const parsed = pubsubCloudEventDataSchema.safeParse(cloudEventData);
  if (!parsed.success) throw new MalformedMessageError('The CloudEvent carries no Pub/Sub message');
  const { message } = parsed.data;
  const attributes = message.attributes ?? {};
  let data: unknown = null;
  if (message.data !== undefined) {
    try {
      data = JSON.parse(Buffer.from(message.data, 'base64').toString('utf8'));
    } catch {
      throw new MalformedMessageError('The message data is not base64-encoded JSON');
    }
  }
  return { type: attributes.type ?? null, data, attributes, messageId: message.messageId ?? message.message_id ?? null };
}

/** A message that can never be processed: acknowledged, logged and counted, never retried. */
export class MalformedMessageError extends Error {
  override name = 'MalformedMessageError';
}
