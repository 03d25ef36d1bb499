import { MongoBulkWriteError, type Collection, type Db } from 'mongodb';
import { isDuplicateKey, ledgerEntryDocument } from './documents.js';
import type { LedgerEntry } from '../../ledger/ledger-entry.js';
import type { LedgerStore } from '../../ledger/ledger-store.js';

type EntryDoc = LedgerEntry & { _id: string };

/**
 * The ledger in MongoDB `points_ledger` (`_id` = entry id, so a retried append finds its
 * entry there and leaves it). Only inserts: no code path updates or deletes an entry.
 */
export class MongoLedgerStore implements LedgerStore {
  readonly #entries: Collection<EntryDoc>;

  constructor(db: Db) {
    this.#entries = db.collection<EntryDoc>('points_ledger', { ignoreUndefined: true });
  }

  /** Creates the per-customer index; idempotent. */
  static async createIndexes(db: Db): Promise<void> {
    await db.collection('points_ledger').createIndexes([{ key: { customer_id: 1, seq: 1 } }]);
  }

  async appendEntries(entries: readonly LedgerEntry[]): Promise<void> {
    if (entries.length === 0) return;
    try {
      await this.#entries.insertMany(
        entries.map((e) => ({ _id: e.entry_id, ...e })),
        { ordered: false },
      );
    } catch (err) {
      if (!onlyDuplicates(err)) throw err;
    }
  }

  async getEntry(entryId: string): Promise<LedgerEntry | null> {
    const doc = await this.#entries.findOne({ _id: entryId });
    return doc ? ledgerEntryDocument.parse(doc) : null;
  }

  async listEntries(customerId: string, options: { limit: number; beforeSeq?: number }): Promise<LedgerEntry[]> {
    // `limit(0)` means "no limit" to MongoDB; the port means none.
    if (options.limit <= 0) return [];
    const docs = await this.#entries
      .find({ customer_id: customerId, ...(options.beforeSeq === undefined ? {} : { seq: { $lt: options.beforeSeq } }) })
      .sort({ seq: -1, _id: -1 })
      .limit(options.limit)
      .toArray();
    return docs.map((d) => ledgerEntryDocument.parse(d));
  }

  async listAllEntries(customerId: string): Promise<LedgerEntry[]> {
    const docs = await this.#entries.find({ customer_id: customerId }).sort({ seq: 1, _id: 1 }).toArray();
    return docs.map((d) => ledgerEntryDocument.parse(d));
  }
}

/** Whether an unordered insert failed only on entries already there. */
function onlyDuplicates(err: unknown): boolean {
  if (err instanceof MongoBulkWriteError) {
    const errors = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
    return errors.length > 0 && errors.every((e) => e.code === 11000);
  }
  return isDuplicateKey(err);
}
