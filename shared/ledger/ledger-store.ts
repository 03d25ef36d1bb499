import type { LedgerEntry } from './ledger-entry.js';

/** How appending a change's entries ended. */
export type AppendOutcome =
  | { status: 'appended' }
  /** Another change took the first seq first: read again and decide again. */
  | { status: 'seq_taken' }
  /** An entry with this entry id is there already: the change was made before (a retry). */
  | { status: 'duplicate'; existing: LedgerEntry };

/** Per-customer totals of the ledger, for reconcile. */
export interface LedgerTotals {
  customer_id: string;
  points: number;
}

/**
 * The append-only ledger, and the wallets' commit log. There is no update and no delete.
 *
 * Entry `seq` of a customer is stored under the key `<customer>#<seq>`: of racing writers that
 * read the wallet at the same seq, exactly one inserts the next entry, on any MongoDB-wire
 * server, because only the unique key decides. The entry id (the idempotency key) is unique per
 * customer too, so a retry finds the entry it made.
 */
export interface LedgerStore {
  /** Inserts a change's entries at their seqs, in order; the first decides the outcome. */
  append(entries: readonly LedgerEntry[]): Promise<AppendOutcome>;
  /**
   * Inserts one single-entry change for each of many customers in one bulk command; each
   * succeeds or conflicts on its own (the sweeps).
   */
  appendEach(entries: readonly LedgerEntry[]): Promise<Array<'appended' | 'conflict'>>;
  /** The entries after `seq`, in order (at most `limit`): each is looked up by its key until one is missing. */
  entriesAfter(customerId: string, seq: number, limit?: number): Promise<LedgerEntry[]>;
  /** Which of the given (customer, seq) keys exist: one bulk lookup (the sweeps' lag check). */
  existingKeys(keys: ReadonlyArray<{ customer_id: string; seq: number }>): Promise<Set<string>>;
  /** An entry by its id; without a customer, the lookup scatters (admin routes only). */
  getEntry(customerId: string | null, entryId: string): Promise<LedgerEntry | null>;
  /** Which of the given entries exist, as `<customer>\u0000<entry id>`: one bulk lookup (reconcile). */
  existingEntryIds(pairs: ReadonlyArray<{ customer_id: string; entry_id: string }>): Promise<Set<string>>;
  /** The newest entry that touched a lot (a clawback of a lot already closed). */
  lastEntryForLot(customerId: string, lotId: string): Promise<LedgerEntry | null>;
  /** A customer's entries, newest first, before the `beforeSeq` cursor when given. */
  listEntries(customerId: string, options: { limit: number; beforeSeq?: number }): Promise<LedgerEntry[]>;
  /** Totals per customer, one aggregation for the batch (reconcile). */
  totals(customerIds: readonly string[]): Promise<LedgerTotals[]>;
  /** Customers with an entry written at or after `sinceMs` (wall clock), in key order after `after` (reconcile's change feed). */
  customersWrittenSince(sinceMs: number, after: string | null, limit: number): Promise<Array<{ key: string; customer_id: string }>>;
}

/** The stored key of entry `seq` of a customer: `<customer>#<seq, 12 digits>`. */
export function entryKey(customerId: string, seq: number): string {
  return `${customerId}#${String(seq).padStart(12, '0')}`;
}
