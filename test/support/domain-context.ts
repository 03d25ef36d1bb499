import { SettableClock } from '../../shared/clock/clock.js';
import { loadConfig } from '../../shared/config/config.js';
import { memoryLogger } from '../../shared/logging/logger.js';
import { MemoryPublisher } from '../../shared/notifications/publisher.memory.js';
import type { Context, Stores } from '../../shared/runtime/context.js';
import { memoryStores } from '../../shared/runtime/create-stores.js';

/** A use-case context on the given stores (memory by default), a settable clock and a memory publisher. */
export function domainContext(env: Record<string, string> = {}, stores: Partial<Stores> = {}): Context & { clock: SettableClock; publisher: MemoryPublisher } {
  const config = loadConfig({ NODE_ENV: 'test', ...env });
  return {
    config,
    rules: config.rules,
    clock: new SettableClock(),
    stores: { ...memoryStores(), ...stores },
    publisher: new MemoryPublisher(),
    logger: memoryLogger(),
  };
}
