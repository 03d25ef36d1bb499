import type { Collection, Db, Document } from 'mongodb';
import { z } from 'zod';
import { termsValuesSchema, termsVersionFields, type TermsVersion } from '../../programme/terms.js';
import type { InsertTermsOutcome, TermsStore } from '../../programme/terms-store.js';
import { isDuplicateKey } from './documents.js';
import { ensureIndexes } from './indexes.js';
import { retryingWriteConflicts } from './write-conflict.js';

/** A `programme_terms` document, read back (unknown keys and `_id` dropped). */
const termsDocument: z.ZodType<TermsVersion> = z.object({ ...termsValuesSchema.shape, ...termsVersionFields });

type TermsDoc = Document & { _id: string };

/**
 * Programme terms in MongoDB `programme_terms` (`_id` = `terms_id`). The number is the `_id` and
 * the idempotency key has a unique index, so two racing schedules cannot take one number and one
 * request cannot make two versions; inserts are atomic on every server.
 */
export class MongoTermsStore implements TermsStore {
  readonly #terms: Collection<TermsDoc>;

  constructor(db: Db) {
    this.#terms = db.collection<TermsDoc>('programme_terms');
  }

  /** Creates the unique idempotency-key index; idempotent. */
  static async createIndexes(db: Db): Promise<void> {
    await ensureIndexes(db.collection('programme_terms'), [{ key: { idempotency_key: 1 }, unique: true }, { key: { effective_from: 1 } }]);
  }

  async around(at: string): Promise<{ current: TermsVersion | null; next: TermsVersion | null }> {
    const [current, next] = await Promise.all([
      this.#terms
        .find({ withdrawn: null, effective_from: { $lte: at } })
        .sort({ effective_from: -1, version: -1 })
        .limit(1)
        .toArray(),
      this.#terms
        .find({ withdrawn: null, effective_from: { $gt: at } })
        .sort({ effective_from: 1, version: 1 })
        .limit(1)
        .toArray(),
    ]);
    return { current: current[0] ? toTerms(current[0]) : null, next: next[0] ? toTerms(next[0]) : null };
  }

  async list(): Promise<TermsVersion[]> {
    return (await this.#terms.find({}).sort({ version: 1 }).toArray()).map(toTerms);
  }

  async get(termsId: string): Promise<TermsVersion | null> {
    const doc = await this.#terms.findOne({ _id: termsId });
    return doc ? toTerms(doc) : null;
  }

  async findByIdempotencyKey(key: string): Promise<TermsVersion | null> {
    const doc = await this.#terms.findOne({ idempotency_key: key });
    return doc ? toTerms(doc) : null;
  }

  async highestVersion(): Promise<number> {
    const [top] = await this.#terms
      .find({}, { projection: { version: 1 } })
      .sort({ version: -1 })
      .limit(1)
      .toArray();
    return Math.max(1, typeof top?.['version'] === 'number' ? top['version'] : 1);
  }

  async insert(version: TermsVersion): Promise<InsertTermsOutcome> {
    try {
      await retryingWriteConflicts(() => this.#terms.insertOne({ _id: version.terms_id, ...version }));
      return 'inserted';
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // Some servers do not say which unique index fired: look.
      return (await this.#terms.findOne({ _id: version.terms_id }, { projection: { _id: 1 } })) ? 'number_taken' : 'key_taken';
    }
  }

  async withdraw(termsId: string, now: string, by: string): Promise<TermsVersion | null> {
    const doc = await this.#terms.findOneAndUpdate(
      { _id: termsId, withdrawn: null, effective_from: { $gt: now } },
      { $set: { withdrawn: { by, at: now } } },
      { returnDocument: 'after' },
    );
    return doc ? toTerms(doc) : null;
  }
}

function toTerms(doc: Document): TermsVersion {
  return termsDocument.parse(doc);
}
