import type { Collection, Db } from 'mongodb';
import type { JobStateStore } from '../../jobs/job-state-store.js';

type StateDoc = { _id: string; state: Record<string, unknown> };

/** Job checkpoints in MongoDB `job_state`: one small document per job, replaced by `_id`. */
export class MongoJobStateStore implements JobStateStore {
  readonly #state: Collection<StateDoc>;

  constructor(db: Db) {
    this.#state = db.collection<StateDoc>('job_state');
  }

  async get(job: string): Promise<Record<string, unknown> | null> {
    return (await this.#state.findOne({ _id: job }))?.state ?? null;
  }

  async put(job: string, state: Record<string, unknown>): Promise<void> {
    await this.#state.replaceOne({ _id: job }, { state }, { upsert: true });
  }
}
