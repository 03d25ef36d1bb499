import type { AuditEntry } from './audit-entry.js';

/** Where an entry stands in a customer's trail: its instant, then its id. */
export interface AuditOrder {
  at: string;
  audit_id: string;
}

/** The audit trail of admin actions (MongoDB `admin_audit`): insert-only, never changed or deleted. */
export interface AuditStore {
  /** Records an entry once: a second entry of the same `audit_id` leaves the first as it is. */
  record(entry: AuditEntry): Promise<'recorded' | 'exists'>;
  /**
   * A customer's entries newest first (by `at`, then id, highest first), at most `limit`, starting
   * after `before` (the last of the previous page): one indexed range, whatever the history.
   */
  pageByCustomer(customerId: string, before: AuditOrder | null, limit: number): Promise<AuditEntry[]>;
}
