import type { EventRow } from '../notifications/referral-events-table.js';
import type { FunnelQuery, FunnelReport } from './funnel.js';

/**
 * Where `referral-events` land for reports (docs/rules.md §9): BigQuery's `referral_events` table
 * in production, filled by a Pub/Sub BigQuery subscription; the emulator or memory locally.
 */
export interface EventWarehouse {
  /** Writes rows as the subscription would (the local host and tests only; production never calls it). */
  record(rows: readonly EventRow[]): Promise<void>;
  /** The funnel of a span, in one query. */
  funnel(query: FunnelQuery): Promise<FunnelReport>;
}
