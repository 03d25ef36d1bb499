import { SettableClock, systemClock, type Clock } from '../core/clock.js';
import { loadConfigOrExit, type Config } from './config.js';
import { jsonLogger, type Logger } from '../core/logger.js';
import { MemoryPublisher } from '../adapters/memory/publisher.js';
import type { Publisher } from '../notifications/publisher.js';
import type { Context, StepObserver, Stores } from '../core/context.js';
import type { JobScheduler } from '../jobs/job-scheduler.js';
import { openStores } from './open-stores.js';
import { TermsSource } from '../programme/terms-source.js';

/** A process's context and what it runs on. */
export interface Runtime {
  ctx: Context;
  config: Config;
  description: string;
  close(): Promise<void>;
}

/** Parts to use instead of those the configuration names (the local host and tests). */
export interface RuntimeOverrides {
  clock?: Clock;
  publisher?: Publisher;
  /** Wraps the publisher the runtime would use (the local host records every message). */
  wrapPublisher?: (publisher: Publisher) => Publisher;
  stores?: Partial<Stores>;
  logger?: Logger;
  /** Test seam: told of every flow step, so a test can stop a flow between two writes. */
  steps?: StepObserver;
}

/** Builds a runtime from the configuration: stores, publisher, clock and logger. */
export async function createRuntime(config: Config, overrides: RuntimeOverrides = {}): Promise<Runtime> {
  const opened = await openStores(config);
  const base = overrides.publisher ?? (await openPublisher(config));
  const publisher = overrides.wrapPublisher ? overrides.wrapPublisher(base) : base;
  const ctx = makeContext(config, {
    clock: overrides.clock ?? (config.production ? systemClock : new SettableClock()),
    stores: { ...opened.stores, ...overrides.stores },
    publisher,
    scheduler: await openScheduler(config),
    ...(overrides.logger ? { logger: overrides.logger } : {}),
    ...(overrides.steps ? { steps: overrides.steps } : {}),
  });
  const publishing = config.pubsub ? `Pub/Sub in project ${config.pubsub.projectId}` : 'published messages kept in memory';
  return { ctx, config, description: `${opened.description}; ${publishing}`, close: () => opened.close() };
}

/** A use-case context from the configuration's rules and the given parts (no scheduler, a JSON logger by default). */
export function makeContext(
  config: Config,
  parts: Pick<Context, 'clock' | 'stores' | 'publisher'> & Partial<Pick<Context, 'scheduler' | 'logger' | 'steps'>>,
): Context {
  return {
    rules: config.rules,
    terms: new TermsSource(parts.stores.terms, config.rules, config.rules.termsCacheMs),
    scheduler: null,
    logger: jsonLogger(),
    ...parts,
  };
}

async function openScheduler(config: Config): Promise<JobScheduler | null> {
  if (!config.scheduler) return null;
  const { CloudJobScheduler } = await import('../adapters/scheduler/cloud-scheduler.js');
  return new CloudJobScheduler(config.scheduler);
}

async function openPublisher(config: Config): Promise<Publisher> {
  if (!config.pubsub) return new MemoryPublisher();
  const { PubSubPublisher } = await import('../adapters/pubsub/publisher.js');
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
