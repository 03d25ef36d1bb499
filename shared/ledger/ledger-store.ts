import type { LedgerEntry } from './ledger-entry.js';

/** The append-only ledger. There is no update and no delete. */
export interface LedgerStore {
  /** Appends entries; an entry whose id is already there is left as it is. */
  appendEntries(entries: readonly LedgerEntry[]): Promise<void>;
  getEntry(entryId: string): Promise<LedgerEntry | null>;
  /** A customer's entries, newest first, after the `beforeSeq` cursor when given. */
  listEntries(customerId: string, options: { limit: number; beforeSeq?: number }): Promise<LedgerEntry[]>;
  /** Every entry of a customer, oldest first (reconcile). */
  listAllEntries(customerId: string): Promise<LedgerEntry[]>;
}
