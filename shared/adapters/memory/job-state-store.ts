import type { JobStateStore } from '../../jobs/job-state-store.js';

/** Job checkpoints in memory. */
export class MemoryJobStateStore implements JobStateStore {
  readonly #state = new Map<string, Record<string, unknown>>();

  async get(job: string): Promise<Record<string, unknown> | null> {
    const s = this.#state.get(job);
    return s ? structuredClone(s) : null;
  }

  async put(job: string, state: Record<string, unknown>): Promise<void> {
    this.#state.set(job, structuredClone(state));
  }
}
