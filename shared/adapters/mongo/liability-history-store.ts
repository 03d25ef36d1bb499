import { MongoServerError, type Collection, type Db } from 'mongodb';
import type { LiabilityDay, LiabilityHistoryStore } from '../../points/liability-history.js';
import { retryingWriteConflicts } from './write-conflict.js';

type DayDoc = Omit<LiabilityDay, 'day'> & { _id: string };

const duplicateKey = 11000;
/** A series covers at most 400 days: the read is bounded whatever the history. */
const maxDays = 400;

/**
 * Daily figures in MongoDB `liability_history`, `_id` = the UTC day: one insert per day (the unique
 * `_id` keeps the first), and a series is one range read of `_id`, so no other index is needed.
 */
export class MongoLiabilityHistoryStore implements LiabilityHistoryStore {
  readonly #days: Collection<DayDoc>;

  constructor(db: Db) {
    this.#days = db.collection<DayDoc>('liability_history');
  }

  async insertDay(day: LiabilityDay): Promise<'inserted' | 'duplicate'> {
    const { day: id, ...rest } = day;
    try {
      await retryingWriteConflicts(() => this.#days.insertOne({ _id: id, ...rest }));
      return 'inserted';
    } catch (err) {
      if (err instanceof MongoServerError && err.code === duplicateKey) return 'duplicate';
      throw err;
    }
  }

  async listDays(from: string, to: string): Promise<LiabilityDay[]> {
    const docs = await this.#days
      .find({ _id: { $gte: from, $lte: to } })
      .sort({ _id: 1 })
      .limit(maxDays + 1)
      .toArray();
    return docs.map(({ _id, ...rest }) => ({ day: _id, ...rest }));
  }
}
