import type { LedgerEntry } from '../../ledger/ledger-entry.js';
import type { LedgerStore } from '../../ledger/ledger-store.js';

/** In-memory ledger. */
export class MemoryLedgerStore implements LedgerStore {
  readonly #entries = new Map<string, LedgerEntry>();

  async appendEntries(entries: readonly LedgerEntry[]): Promise<void> {
    for (const e of entries) if (!this.#entries.has(e.entry_id)) this.#entries.set(e.entry_id, structuredClone(e));
  }

  async getEntry(entryId: string): Promise<LedgerEntry | null> {
    const e = this.#entries.get(entryId);
    return e ? structuredClone(e) : null;
  }

  async listEntries(customerId: string, options: { limit: number; beforeSeq?: number }): Promise<LedgerEntry[]> {
    return (await this.listAllEntries(customerId))
      .reverse()
      .filter((e) => options.beforeSeq === undefined || e.seq < options.beforeSeq)
      .slice(0, options.limit);
  }

  async listAllEntries(customerId: string): Promise<LedgerEntry[]> {
    return [...this.#entries.values()]
      .filter((e) => e.customer_id === customerId)
      .sort((a, b) => a.seq - b.seq || (a.entry_id < b.entry_id ? -1 : 1))
      .map((e) => structuredClone(e));
  }
}
