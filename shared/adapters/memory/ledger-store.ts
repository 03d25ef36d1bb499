import type { LedgerEntry } from '../../ledger/ledger-entry.js';
import { entryKey, type AppendOutcome, type LedgerStore, type LedgerTotals } from '../../ledger/ledger-store.js';

/** The ledger in memory, keyed as in MongoDB: `<customer>#<seq>`, entry ids unique per customer. */
export class MemoryLedgerStore implements LedgerStore {
  readonly #byKey = new Map<string, LedgerEntry>();
  readonly #byId = new Map<string, string>();

  #insert(e: LedgerEntry): 'appended' | 'seq_taken' | 'duplicate' {
    if (this.#byId.has(`${e.customer_id}\u0000${e.entry_id}`)) return 'duplicate';
    const key = entryKey(e.customer_id, e.seq);
    if (this.#byKey.has(key)) return 'seq_taken';
    this.#byKey.set(key, structuredClone(e));
    this.#byId.set(`${e.customer_id}\u0000${e.entry_id}`, key);
    return 'appended';
  }

  async append(entries: readonly LedgerEntry[]): Promise<AppendOutcome> {
    for (const [i, e] of entries.entries()) {
      const outcome = this.#insert(e);
      if (outcome === 'appended') continue;
      // Like an ordered insert: the entries before stay; only the first entry decides the outcome.
      if (i > 0) return { status: 'appended' };
      if (outcome === 'seq_taken') return { status: 'seq_taken' };
      return { status: 'duplicate', existing: (await this.getEntry(e.customer_id, e.entry_id))! };
    }
    return { status: 'appended' };
  }

  async appendEach(entries: readonly LedgerEntry[]): Promise<Array<'appended' | 'conflict'>> {
    return entries.map((e) => (this.#insert(e) === 'appended' ? 'appended' : 'conflict'));
  }

  async entriesAfter(customerId: string, seq: number, limit = Number.POSITIVE_INFINITY): Promise<LedgerEntry[]> {
    const out: LedgerEntry[] = [];
    for (let s = seq + 1; out.length < limit; s += 1) {
      const e = this.#byKey.get(entryKey(customerId, s));
      if (!e) break;
      out.push(structuredClone(e));
    }
    return out;
  }

  async existingKeys(keys: ReadonlyArray<{ customer_id: string; seq: number }>): Promise<Set<string>> {
    return new Set(keys.map((k) => entryKey(k.customer_id, k.seq)).filter((k) => this.#byKey.has(k)));
  }

  async getEntry(customerId: string | null, entryId: string): Promise<LedgerEntry | null> {
    if (customerId !== null) {
      const key = this.#byId.get(`${customerId}\u0000${entryId}`);
      return key ? structuredClone(this.#byKey.get(key)!) : null;
    }
    const found = [...this.#byKey.values()].find((e) => e.entry_id === entryId);
    return found ? structuredClone(found) : null;
  }

  async existingEntryIds(pairs: ReadonlyArray<{ customer_id: string; entry_id: string }>): Promise<Set<string>> {
    return new Set(pairs.map((p) => `${p.customer_id}\u0000${p.entry_id}`).filter((k) => this.#byId.has(k)));
  }

  async lastEntryForLot(customerId: string, lotId: string): Promise<LedgerEntry | null> {
    const touching = this.#of(customerId).filter((e) => e.lot_changes.some((l) => l.lot_id === lotId));
    return touching.length > 0 ? structuredClone(touching.at(-1)!) : null;
  }

  async listEntries(customerId: string, options: { limit: number; beforeSeq?: number }): Promise<LedgerEntry[]> {
    if (options.limit <= 0) return [];
    return this.#of(customerId)
      .filter((e) => options.beforeSeq === undefined || e.seq < options.beforeSeq)
      .reverse()
      .slice(0, options.limit)
      .map((e) => structuredClone(e));
  }

  async totals(customerIds: readonly string[]): Promise<LedgerTotals[]> {
    return customerIds.flatMap((c) => {
      const entries = this.#of(c);
      if (entries.length === 0) return [];
      return [{ customer_id: c, points: entries.reduce((s, e) => s + e.points, 0) }];
    });
  }

  async customersWrittenSince(sinceMs: number, after: string | null, limit: number): Promise<Array<{ key: string; customer_id: string }>> {
    return [...this.#byKey.entries()]
      .filter(([key, e]) => e.written_at >= sinceMs && (after === null || key > after))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .slice(0, limit)
      .map(([key, e]) => ({ key, customer_id: e.customer_id }));
  }

  #of(customerId: string): LedgerEntry[] {
    return [...this.#byKey.values()].filter((e) => e.customer_id === customerId).sort((a, b) => a.seq - b.seq);
  }
}
