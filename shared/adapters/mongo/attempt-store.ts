import { randomUUID } from 'node:crypto';
import { ensureIndexes } from './indexes.js';
import { MongoServerError, type Collection, type Db } from 'mongodb';
import type { AttemptStore } from '../../abuse/attempt-store.js';
import { retryingWriteConflicts } from './write-conflict.js';

type AttemptDoc = { _id: string; key: string; window_start: Date; expires_at: Date };

const notImplemented = 238;

/**
 * Attempts in MongoDB `code_attempts`, one document per attempt: counting is a count of
 * inserts, and inserts never lose one another on any server (FerretDB v1 loses racing `$inc`s).
 * The window in each document is what enforces the limit; a TTL index only tidies up where the
 * server has TTL indexes.
 */
export class MongoAttemptStore implements AttemptStore {
  readonly #attempts: Collection<AttemptDoc>;

  constructor(db: Db) {
    this.#attempts = db.collection<AttemptDoc>('code_attempts');
  }

  /**
   * Creates the counting index and the TTL index in one command, or the counting index alone where
   * the server has no TTL indexes (FerretDB v1); idempotent.
   */
  static async createIndexes(db: Db): Promise<void> {
    const attempts = db.collection('code_attempts');
    const counting = { key: { key: 1, window_start: 1 } };
    try {
      await ensureIndexes(attempts, [counting, { key: { expires_at: 1 }, expireAfterSeconds: 0 }]);
    } catch (err) {
      if (!(err instanceof MongoServerError && err.code === notImplemented)) throw err;
      await ensureIndexes(attempts, [counting]);
    }
  }

  async countAttempts(key: string, windowStart: Date): Promise<number> {
    return this.#attempts.countDocuments({ key, window_start: windowStart });
  }

  async addAttempt(key: string, windowStart: Date, windowEnd: Date): Promise<number> {
    await retryingWriteConflicts(() =>
      this.#attempts.insertOne({ _id: randomUUID(), key, window_start: windowStart, expires_at: windowEnd }),
    );
    return this.countAttempts(key, windowStart);
  }
}
