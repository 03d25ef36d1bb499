import type { AttemptStore } from '../abuse/attempt-store.js';
import type { CustomerStore } from '../customers/customer-store.js';
import type { DealStore } from '../deals/deal-store.js';
import type { DealSyncQueue } from '../deals/deal-sync-queue.js';
import type { JobScheduler } from '../jobs/job-scheduler.js';
import type { JobStateStore } from '../jobs/job-state-store.js';
import type { LedgerStore } from '../ledger/ledger-store.js';
import type { Publisher } from '../notifications/publisher.js';
import type { WalletStore } from '../points/wallet-store.js';
import type { UsageStore } from '../usages/usage-store.js';
import type { TermsStore } from '../programme/terms-store.js';
import type { TermsSource } from '../programme/terms-source.js';
import type { TrustStore } from '../trust/trust-store.js';
import type { AuditStore } from '../audit/audit-store.js';
import type { ClickStore } from '../growth/click-store.js';
import type { EventWarehouse } from '../growth/event-warehouse.js';
import type { LiabilityHistoryStore } from '../points/liability-history.js';
import type { Clock } from './clock.js';
import type { Logger } from './logger.js';
import type { Rules } from './rules.js';

/** Every store behind its port. */
export interface Stores {
  customers: CustomerStore;
  usages: UsageStore;
  wallets: WalletStore;
  ledger: LedgerStore;
  deals: DealStore;
  dealSyncQueue: DealSyncQueue;
  attempts: AttemptStore;
  jobState: JobStateStore;
  terms: TermsStore;
  trust: TrustStore;
  audit: AuditStore;
  clicks: ClickStore;
  /** The referral events for reports: BigQuery `referral_events`, or memory. */
  events: EventWarehouse;
  liabilityHistory: LiabilityHistoryStore;
}

/**
 * The points between two writes of a flow. A crash between any two of them must leave a state
 * that a retry, a redelivery or the repair sweep completes; the crash tests stop a flow at each.
 */
export const flowSteps = [
  'payment-recorded',
  'code-reserved',
  'code-attached',
  'usage-inserted',
  'usage-released',
  'usage-converted',
  'hold-released',
  'points-credited',
  'usage-reversed',
  'points-clawed-back',
  'deal-sync-queued',
  'ledger-written',
  'events-published',
  'review-decided',
  'customer-erased',
  'code-deactivated',
] as const;

/** One of {@link flowSteps}. */
export type FlowStep = (typeof flowSteps)[number];

/** Told of every step a flow passes; tests give one that throws to simulate a crash there. */
export interface StepObserver {
  passed(step: FlowStep): void;
}

/** What every use case is given: rules, clock, stores, publisher, scheduler and logger. */
export interface Context {
  readonly rules: Rules;
  /** The programme terms in force (docs/rules.md §6), cached per instance. */
  readonly terms: TermsSource;
  readonly clock: Clock;
  readonly stores: Stores;
  readonly publisher: Publisher;
  /** Cloud Scheduler, where configured: jobs run "now" are asked of it instead of run in-process. */
  readonly scheduler: JobScheduler | null;
  readonly logger: Logger;
  /** Production passes none. */
  readonly steps?: StepObserver;
}

/** Marks that a flow passed `step`. */
export function step(ctx: Pick<Context, 'steps'>, name: FlowStep): void {
  ctx.steps?.passed(name);
}
