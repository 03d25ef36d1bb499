import type { TermsVersion } from './terms.js';

/** What inserting a version met. */
export type InsertTermsOutcome = 'inserted' | 'number_taken' | 'key_taken';

/** Stored programme terms (MongoDB `programme_terms`, `_id` = `terms_id`); version 1 is the environment's and never stored. */
export interface TermsStore {
  /** The version in force at `at` (latest `effective_from` at or before it, not withdrawn) and the next one to start after it. */
  around(at: string): Promise<{ current: TermsVersion | null; next: TermsVersion | null }>;
  /** Every stored version, by number. Versions are few (marketing schedules them by hand): the list is not paged. */
  list(): Promise<TermsVersion[]>;
  get(termsId: string): Promise<TermsVersion | null>;
  /** The version scheduled with this `Idempotency-Key`, if any. */
  findByIdempotencyKey(key: string): Promise<TermsVersion | null>;
  /** The highest version number stored (withdrawn ones count), 1 when none is. */
  highestVersion(): Promise<number>;
  /** Inserts a version; its number and its idempotency key are each unique, so of racing inserts one wins. */
  insert(version: TermsVersion): Promise<InsertTermsOutcome>;
  /**
   * Marks a version withdrawn if it has not started at `now` and is not withdrawn already;
   * returns the version after, or null when that guard did not hold (the caller reads why).
   */
  withdraw(termsId: string, now: string, by: string): Promise<TermsVersion | null>;
}
