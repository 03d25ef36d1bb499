import type { z } from 'zod';
import { getRuntime, startupConfig } from '../app/runtime.js';
import type { Context } from '../core/context.js';
import { decodePubSubMessage, MalformedMessageError } from './pubsub-event.js';

/** How one function handles one event type: the payload's schema and the use case to run. */
export interface EventRoute<S extends z.ZodType> {
  schema: S;
  run: (ctx: Context, payload: z.infer<S>) => Promise<unknown>;
}

/**
 * A Pub/Sub CloudEvent handler: decodes the message, validates its payload and runs the use case
 * for its `type`. Malformed messages and unknown types are logged and acknowledged so they do not
 * loop, and counted by the `dropped` field of their log line (a log-based metric); types of the topic that this function does not handle are acknowledged quietly; faults
 * are thrown so Pub/Sub redelivers.
 */
export function pubsubHandler(
  name: string,
  routes: Record<string, EventRoute<any>>,
  otherTypesOfTopic: readonly string[],
): (event: { id?: string; data?: unknown }) => Promise<void> {
  startupConfig();
  return async (event) => {
    const { ctx } = await getRuntime();
    const log = ctx.logger.child({ function: name, cloud_event_id: event.id });
    let message;
    try {
      message = decodePubSubMessage(event.data);
    } catch (e) {
      if (!(e instanceof MalformedMessageError)) throw e;
      log.log('WARNING', `Malformed message acknowledged: ${e.message}`, { dropped: 'malformed' });
      return;
    }
    const route = message.type ? routes[message.type] : undefined;
    if (!route) {
      if (message.type && otherTypesOfTopic.includes(message.type)) return;
      log.log('WARNING', `Unknown event type acknowledged: ${String(message.type)}`, {
        dropped: 'unknown_type',
        message_id: message.messageId,
      });
      return;
    }
    const payload = route.schema.safeParse(message.data);
    if (!payload.success) {
      const fields = payload.error.issues.map(
        (i: { path: PropertyKey[]; message: string }) => `${i.path.map(String).join('.')}: ${i.message}`,
      );
      log.log('WARNING', `Malformed ${message.type} acknowledged`, { dropped: 'malformed', message_id: message.messageId, fields });
      return;
    }
    await route.run(ctx, payload.data);
    log.log('INFO', `Handled ${message.type}`, { message_id: message.messageId });
  };
}
