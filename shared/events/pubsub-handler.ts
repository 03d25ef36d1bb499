import type { z } from 'zod';
import { getRuntime, startupConfig } from '../app/runtime.js';
import type { Context } from '../core/context.js';
import { decodePubSubMessage, MalformedMessageError } from './pubsub-event.js';

/** How one function handles one event type: the payload's schema and the use case to run. */
export interface EventRoute<S extends z.ZodType> {
  schema: S;
  run: (ctx: Context, payload: z.infer<S>) => Promise<unknown>;
}

/** One route per event type, each payload typed by its own schema: `R` maps event types to schemas. */
export type EventRoutes<R extends Record<string, z.ZodType>> = { [T in keyof R]: EventRoute<R[T]> };

/** A route with its schema bound in: it validates a payload and, when valid, runs the use case on it. */
type BoundRoute = (
  ctx: Context,
  data: unknown,
) => { ok: true; run: () => Promise<unknown> } | { ok: false; issues: readonly { path: PropertyKey[]; message: string }[] };

function bindRoute<S extends z.ZodType>(route: EventRoute<S>): BoundRoute {
  return (ctx, data) => {
    const payload = route.schema.safeParse(data);
    if (!payload.success) return { ok: false, issues: payload.error.issues };
    return { ok: true, run: () => route.run(ctx, payload.data) };
  };
}

/**
 * A Pub/Sub CloudEvent handler: decodes the message, validates its payload and runs the use case
 * for its `type`. Malformed messages and unknown types are logged and acknowledged so they do not
 * loop, and counted by the `dropped` field of their log line (a log-based metric); types of the topic that this function does not handle are acknowledged quietly; faults
 * are thrown so Pub/Sub redelivers.
 */
export function pubsubHandler<R extends Record<string, z.ZodType>>(
  name: string,
  routes: EventRoutes<R>,
  otherTypesOfTopic: readonly string[],
): (event: { id?: string; data?: unknown }) => Promise<void> {
  startupConfig();
  const bound = new Map<string, BoundRoute>();
  for (const type of Object.keys(routes)) bound.set(type, bindRoute(routes[type as keyof R]));
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
    const route = message.type ? bound.get(message.type) : undefined;
    if (!route) {
      if (message.type && otherTypesOfTopic.includes(message.type)) return;
      log.log('WARNING', `Unknown event type acknowledged: ${String(message.type)}`, {
        dropped: 'unknown_type',
        message_id: message.messageId,
      });
      return;
    }
    const payload = route(ctx, message.data);
    if (!payload.ok) {
      const fields = payload.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`);
      log.log('WARNING', `Malformed ${message.type} acknowledged`, { dropped: 'malformed', message_id: message.messageId, fields });
      return;
    }
    await payload.run();
    log.log('INFO', `Handled ${message.type}`, { message_id: message.messageId });
  };
}
