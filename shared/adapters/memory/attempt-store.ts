import type { AttemptStore } from '../../abuse/attempt-store.js';

/** In-memory attempt counters. */
export class MemoryAttemptStore implements AttemptStore {
  readonly #counts = new Map<string, number>();

  async countAttempts(key: string, windowStart: Date): Promise<number> {
    return this.#counts.get(`${key}@${windowStart.toISOString()}`) ?? 0;
  }

  async addAttempt(key: string, windowStart: Date): Promise<number> {
    const id = `${key}@${windowStart.toISOString()}`;
    const n = (this.#counts.get(id) ?? 0) + 1;
    this.#counts.set(id, n);
    return n;
  }
}
