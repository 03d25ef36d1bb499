import { MongoServerError, type Collection, type Db } from 'mongodb';
import { attemptDocument, isDuplicateKey } from '../runtime/mongo-documents.js';
import type { AttemptStore } from './attempt-store.js';

type AttemptDoc = { _id: string; key: string; window_start: Date; expires_at: Date; count: number };

const notImplemented = 238;
const maxAttempts = 10;

/**
 * Attempt counters in MongoDB `code_attempts`, one document per key and window
 * (`_id` = `<key>@<window start>`). The window in the id is what enforces the limit;
 * a TTL index only tidies up where the server has TTL indexes.
 */
export class MongoAttemptStore implements AttemptStore {
  readonly #attempts: Collection<AttemptDoc>;

  constructor(db: Db) {
    this.#attempts = db.collection<AttemptDoc>('code_attempts');
  }

  /** Creates the TTL index where the server supports one (FerretDB does not); idempotent. */
  static async createIndexes(db: Db): Promise<void> {
    try {
      await db.collection('code_attempts').createIndex({ expires_at: 1 }, { expireAfterSeconds: 0 });
    } catch (err) {
      if (!(err instanceof MongoServerError && err.code === notImplemented)) throw err;
    }
  }

  async countAttempts(key: string, windowStart: Date): Promise<number> {
    const doc = await this.#attempts.findOne({ _id: attemptId(key, windowStart) });
    return doc ? attemptDocument.parse(doc).count : 0;
  }

  async addAttempt(key: string, windowStart: Date, windowEnd: Date): Promise<number> {
    for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
      try {
        const doc = await this.#attempts.findOneAndUpdate(
          { _id: attemptId(key, windowStart) },
          { $inc: { count: 1 }, $setOnInsert: { key, window_start: windowStart, expires_at: windowEnd } },
          { upsert: true, returnDocument: 'after' },
        );
        if (doc) return attemptDocument.parse(doc).count;
      } catch (err) {
        // Two first attempts raced to create the counter; the loser increments the winner's.
        if (!isDuplicateKey(err)) throw err;
      }
    }
    throw new Error(`Attempt counter ${attemptId(key, windowStart)} stayed contended for ${maxAttempts} attempts`);
  }
}

function attemptId(key: string, windowStart: Date): string {
  return `${key}@${windowStart.toISOString()}`;
}
