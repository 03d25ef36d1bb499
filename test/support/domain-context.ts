import { SettableClock } from '#shared/core/clock.js';
import { loadConfig } from '#shared/app/config.js';
import { memoryLogger } from '#shared/core/logger.js';
import { MemoryPublisher } from '#shared/adapters/memory/publisher.js';
import type { Context, Stores } from '#shared/core/context.js';
import { memoryStores } from '#shared/app/open-stores.js';
import { makeContext } from '#shared/app/runtime.js';
import { CrashSeam } from './crash-seam.js';

/** A use-case context on the given stores (memory by default), a settable clock, a memory publisher and a {@link CrashSeam}. */
export function domainContext(
  env: Record<string, string> = {},
  stores: Partial<Stores> = {},
): Context & { clock: SettableClock; publisher: MemoryPublisher } {
  const config = loadConfig({ NODE_ENV: 'test', ...env });
  const clock = new SettableClock();
  const publisher = new MemoryPublisher();
  return {
    ...makeContext(config, { clock, stores: { ...memoryStores(), ...stores }, publisher, logger: memoryLogger(), steps: new CrashSeam() }),
    clock,
    publisher,
  };
}
