import type { LiabilityDay, LiabilityHistoryStore } from '../../points/liability-history.js';

/** Daily liability figures in memory. */
export class MemoryLiabilityHistoryStore implements LiabilityHistoryStore {
  readonly #days = new Map<string, LiabilityDay>();

  async insertDay(day: LiabilityDay): Promise<'inserted' | 'duplicate'> {
    if (this.#days.has(day.day)) return 'duplicate';
    this.#days.set(day.day, structuredClone(day));
    return 'inserted';
  }

  async listDays(from: string, to: string): Promise<LiabilityDay[]> {
    return [...this.#days.values()]
      .filter((d) => d.day >= from && d.day <= to)
      .sort((a, b) => (a.day < b.day ? -1 : 1))
      .map((d) => structuredClone(d));
  }
}
