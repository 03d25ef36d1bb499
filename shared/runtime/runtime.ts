import { SettableClock, systemClock, type Clock } from '../clock/clock.js';
import { loadConfigOrExit, type Config } from '../config/config.js';
import { jsonLogger, type Logger } from '../logging/logger.js';
import { MemoryPublisher } from '../notifications/publisher.memory.js';
import type { Publisher } from '../notifications/publisher.js';
import type { Context, Stores } from './context.js';
import { openStores } from './create-stores.js';

/** A process's context and what it runs on. */
export interface Runtime {
  ctx: Context;
  description: string;
  close(): Promise<void>;
}

/** Parts to use instead of those the configuration names (the local host and tests). */
export interface RuntimeOverrides {
  clock?: Clock;
  publisher?: Publisher;
  stores?: Partial<Stores>;
  logger?: Logger;
}

/** Builds a runtime from the configuration: stores, publisher, clock and logger. */
export async function createRuntime(config: Config, overrides: RuntimeOverrides = {}): Promise<Runtime> {
  const opened = await openStores(config);
  const publisher = overrides.publisher ?? (await openPublisher(config));
  const ctx: Context = {
    config,
    rules: config.rules,
    clock: overrides.clock ?? (config.production ? systemClock : new SettableClock()),
    stores: { ...opened.stores, ...overrides.stores },
    publisher,
    logger: overrides.logger ?? jsonLogger(),
  };
  const publishing = config.pubsub ? `Pub/Sub in project ${config.pubsub.projectId}` : 'published messages kept in memory';
  return { ctx, description: `${opened.description}; ${publishing}`, close: opened.close };
}

async function openPublisher(config: Config): Promise<Publisher> {
  if (!config.pubsub) return new MemoryPublisher();
  const { PubSubPublisher } = await import('../notifications/publisher.pubsub.js');
  return new PubSubPublisher({ projectId: config.pubsub.projectId });
}

let startup: Config | undefined;
let current: Promise<Runtime> | undefined;

/**
 * The process's configuration, read from the environment once. Every function calls this when
 * its module loads, so a bad value stops the process at start-up with one line naming it.
 */
export function startupConfig(): Config {
  startup ??= loadConfigOrExit();
  return startup;
}

/** The process's runtime, created once on first use from the start-up configuration. */
export function getRuntime(): Promise<Runtime> {
  if (!current) {
    const creating = createRuntime(startupConfig());
    current = creating;
    // A database that cannot be reached now may be reachable on the next request: try again then.
    creating.catch(() => {
      if (current === creating) current = undefined;
    });
  }
  return current;
}

/** Replaces the process's runtime (the local host, tests). */
export function setRuntime(runtime: Runtime): void {
  current = Promise.resolve(runtime);
}
