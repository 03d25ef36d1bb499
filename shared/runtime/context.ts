import type { AttemptStore } from '../abuse/attempt-store.js';
import type { Clock } from '../clock/clock.js';
import type { Config, Rules } from '../config/config.js';
import type { CustomerStore } from '../customers/customer-store.js';
import type { DealStore } from '../deals/deal-store.js';
import type { DealSyncQueue } from '../deals/deal-sync-queue.js';
import type { LedgerStore } from '../ledger/ledger-store.js';
import type { Logger } from '../logging/logger.js';
import type { Publisher } from '../notifications/publisher.js';
import type { WalletDeps } from '../points/wallet-engine.js';
import type { WalletStore } from '../points/wallet-store.js';
import type { UsageStore } from '../usages/usage-store.js';

/** Every store behind its port. */
export interface Stores {
  customers: CustomerStore;
  usages: UsageStore;
  wallets: WalletStore;
  ledger: LedgerStore;
  deals: DealStore;
  dealSyncQueue: DealSyncQueue;
  attempts: AttemptStore;
}

/** What every use case is given: configuration, clock, stores, publisher and logger. */
export interface Context {
  config: Config;
  rules: Rules;
  clock: Clock;
  stores: Stores;
  publisher: Publisher;
  logger: Logger;
  /** Test-only fault hook: throws at a named step to simulate a crash between two writes. */
  faults?: (step: string) => void;
}

/** The wallet engine's dependencies, taken from a context. */
export function walletDeps(ctx: Context): WalletDeps {
  return {
    wallets: ctx.stores.wallets,
    ledger: ctx.stores.ledger,
    publisher: ctx.publisher,
    clock: ctx.clock,
    reminderDays: ctx.rules.expiryReminderDays,
    ...(ctx.faults ? { faults: ctx.faults } : {}),
  };
}

/** Calls the fault hook, if any. */
export function step(ctx: Context, name: string): void {
  ctx.faults?.(name);
}
