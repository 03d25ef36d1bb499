import type { AuditEntry } from '../../audit/audit-entry.js';
import type { AuditOrder, AuditStore } from '../../audit/audit-store.js';

/** The audit trail in memory: the embedded default, and a fake that passes the store's contract. */
export class MemoryAuditStore implements AuditStore {
  readonly #entries = new Map<string, AuditEntry>();

  async record(entry: AuditEntry): Promise<'recorded' | 'exists'> {
    if (this.#entries.has(entry.audit_id)) return 'exists';
    this.#entries.set(entry.audit_id, structuredClone(entry));
    return 'recorded';
  }

  async pageByCustomer(customerId: string, before: AuditOrder | null, limit: number): Promise<AuditEntry[]> {
    const key = (e: { at: string; audit_id: string }) => `${e.at}\u0000${e.audit_id}`;
    return [...this.#entries.values()]
      .filter((e) => e.customer_id === customerId && (before === null || key(e) < key(before)))
      .sort((a, b) => (key(a) < key(b) ? 1 : -1))
      .slice(0, Math.max(0, limit))
      .map((e) => structuredClone(e));
  }
}
