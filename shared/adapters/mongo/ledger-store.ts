import { MongoBulkWriteError, type Collection, type Db } from 'mongodb';
import type { LedgerEntry } from '../../ledger/ledger-entry.js';
import { entryKey, type AppendOutcome, type LedgerStore, type LedgerTotals } from '../../ledger/ledger-store.js';
import { isDuplicateKey, ledgerEntryDocument } from './documents.js';
import { ensureIndexes } from './indexes.js';
import { retryingWriteConflicts, writeConflict } from './write-conflict.js';

type EntryDoc = LedgerEntry & { _id: string };

/**
 * The ledger in MongoDB `points_ledger`: entry `seq` of a customer under `_id` =
 * `<customer>#<seq>` (so the next change of a wallet is decided by one insert, and a reader
 * finds the entries after a wallet head by `_id` lookups, which every server answers from its
 * primary key), with `{customer_id, entry_id}` unique so a retry finds its entry. Only inserts:
 * no code path updates or deletes an entry. Shard key: `customer_id`.
 */
export class MongoLedgerStore implements LedgerStore {
  readonly #entries: Collection<EntryDoc>;

  constructor(db: Db) {
    this.#entries = db.collection<EntryDoc>('points_ledger', { ignoreUndefined: true });
  }

  /** Creates the ledger's indexes; idempotent. */
  static async createIndexes(db: Db): Promise<void> {
    await ensureIndexes(db.collection('points_ledger'), [
      { key: { customer_id: 1, seq: 1 } },
      { key: { customer_id: 1, entry_id: 1 }, unique: true, name: 'customer_entry_id' },
      { key: { customer_id: 1, 'lot_changes.lot_id': 1, seq: -1 } },
      { key: { written_at: 1 } },
    ]);
  }

  async append(entries: readonly LedgerEntry[]): Promise<AppendOutcome> {
    const [first] = entries;
    if (!first) return { status: 'appended' };
    let inserted = 0;
    try {
      // An ordered insert stops at its first failure, keeping the entries before it: a write
      // conflict sends the rest again, so the change's entries land in order and whole.
      await retryingWriteConflicts(async () => {
        try {
          await this.#entries.insertMany(
            entries.slice(inserted).map((e) => ({ _id: entryKey(e.customer_id, e.seq), ...e })),
            { ordered: true },
          );
        } catch (err) {
          if (err instanceof MongoBulkWriteError) inserted += err.insertedCount;
          throw err;
        }
      });
      return { status: 'appended' };
    } catch (err) {
      if (!(err instanceof MongoBulkWriteError || isDuplicateKey(err))) throw err;
      if (inserted > 0) return { status: 'appended' };
      // Which unique key refused the first entry? Not every server says (FerretDB does not): look.
      const existing = await this.getEntry(first.customer_id, first.entry_id);
      return existing ? { status: 'duplicate', existing } : { status: 'seq_taken' };
    }
  }

  async appendEach(entries: readonly LedgerEntry[]): Promise<Array<'appended' | 'conflict'>> {
    const outcome: Array<'appended' | 'conflict'> = entries.map(() => 'appended');
    // Indexes (into `entries`) still to insert: each entry commits or conflicts on its own.
    let pending = entries.map((_, i) => i);
    await retryingWriteConflicts(async () => {
      if (pending.length === 0) return;
      try {
        await this.#entries.insertMany(
          pending.map((i) => ({ _id: entryKey(entries[i]!.customer_id, entries[i]!.seq), ...entries[i]! })),
          { ordered: false },
        );
        pending = [];
      } catch (err) {
        if (!(err instanceof MongoBulkWriteError)) throw err;
        const written = err.writeErrors as unknown as { code: number; index: number } | Array<{ code: number; index: number }>;
        const errors = Array.isArray(written) ? written : [written];
        if (errors.length === 0 || errors.some((e) => e.code !== 11000 && e.code !== writeConflict)) throw err;
        for (const e of errors) if (e.code === 11000) outcome[pending[e.index]!] = 'conflict';
        const retry = new Set(errors.filter((e) => e.code !== 11000).map((e) => pending[e.index]!));
        pending = pending.filter((i) => retry.has(i));
        if (pending.length > 0) throw err;
      }
    });
    return outcome;
  }

  async entriesAfter(customerId: string, seq: number, limit = Number.POSITIVE_INFINITY): Promise<LedgerEntry[]> {
    const out: LedgerEntry[] = [];
    for (let s = seq + 1; out.length < limit; s += 1) {
      const doc = await this.#entries.findOne({ _id: entryKey(customerId, s) });
      if (!doc) break;
      out.push(ledgerEntryDocument.parse(doc));
    }
    return out;
  }

  async existingKeys(keys: ReadonlyArray<{ customer_id: string; seq: number }>): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const ids = keys.map((k) => entryKey(k.customer_id, k.seq));
    const docs = await this.#entries.find({ _id: { $in: ids } }, { projection: { _id: 1 } }).toArray();
    return new Set(docs.map((d) => d._id));
  }

  async getEntry(customerId: string | null, entryId: string): Promise<LedgerEntry | null> {
    const doc = await this.#entries.findOne(customerId === null ? { entry_id: entryId } : { customer_id: customerId, entry_id: entryId });
    return doc ? ledgerEntryDocument.parse(doc) : null;
  }

  async existingEntryIds(pairs: ReadonlyArray<{ customer_id: string; entry_id: string }>): Promise<Set<string>> {
    if (pairs.length === 0) return new Set();
    const docs = await this.#entries
      .find(
        { customer_id: { $in: [...new Set(pairs.map((p) => p.customer_id))] }, entry_id: { $in: pairs.map((p) => p.entry_id) } },
        { projection: { customer_id: 1, entry_id: 1 } },
      )
      .toArray();
    const found = new Set(docs.map((d) => `${d.customer_id}\u0000${d.entry_id}`));
    return new Set(pairs.map((p) => `${p.customer_id}\u0000${p.entry_id}`).filter((k) => found.has(k)));
  }

  async lastEntryForLot(customerId: string, lotId: string): Promise<LedgerEntry | null> {
    const doc = await this.#entries.find({ customer_id: customerId, 'lot_changes.lot_id': lotId }).sort({ seq: -1 }).limit(1).next();
    return doc ? ledgerEntryDocument.parse(doc) : null;
  }

  async listEntries(customerId: string, options: { limit: number; beforeSeq?: number }): Promise<LedgerEntry[]> {
    // `limit(0)` means "no limit" to MongoDB; the port means none.
    if (options.limit <= 0) return [];
    const docs = await this.#entries
      .find({ customer_id: customerId, ...(options.beforeSeq === undefined ? {} : { seq: { $lt: options.beforeSeq } }) })
      .sort({ seq: -1 })
      .limit(options.limit)
      .toArray();
    return docs.map((d) => ledgerEntryDocument.parse(d));
  }

  async totals(customerIds: readonly string[]): Promise<LedgerTotals[]> {
    if (customerIds.length === 0) return [];
    const rows = await this.#entries
      .aggregate<{ _id: string; points: number }>([
        { $match: { customer_id: { $in: [...customerIds] } } },
        // One accumulator: FerretDB v1 computes only the first of a $group's accumulators.
        { $group: { _id: '$customer_id', points: { $sum: '$points' } } },
      ])
      .toArray();
    return rows.map((r) => ({ customer_id: r._id, points: r.points }));
  }

  async customersWrittenSince(sinceMs: number, after: string | null, limit: number): Promise<Array<{ key: string; customer_id: string }>> {
    if (limit <= 0) return [];
    const docs = await this.#entries
      .find(
        { written_at: { $gte: sinceMs }, ...(after === null ? {} : { _id: { $gt: after } }) },
        { projection: { _id: 1, customer_id: 1 } },
      )
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
    return docs.map((d) => ({ key: d._id, customer_id: d.customer_id }));
  }
}
