import type { Deal, DealReferralChange } from './deal.js';

/**
 * Where the platform's deals live (BigQuery in production).
 * Reads are point lookups on the request path; writes only ever come in batches from the
 * deal sync job, because warehouse DML is quota-limited per table.
 */
export interface DealStore {
  /** The deal, or null when the platform has no such deal. */
  getDeal(dealId: string): Promise<Deal | null>;
  /** Writes every change in one statement; applying the same batch twice changes nothing. */
  applyReferralChanges(changes: readonly DealReferralChange[]): Promise<void>;
  /** Creates or replaces a deal: local seeding and tests only. */
  putDeal(deal: Deal): Promise<void>;
}
