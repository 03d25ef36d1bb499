import type { TermsVersion } from '../../programme/terms.js';
import type { InsertTermsOutcome, TermsStore } from '../../programme/terms-store.js';

/** In-memory programme terms, with the unique number and idempotency key of the real store. */
export class MemoryTermsStore implements TermsStore {
  readonly #versions = new Map<string, TermsVersion>();

  async around(at: string): Promise<{ current: TermsVersion | null; next: TermsVersion | null }> {
    const live = [...this.#versions.values()].filter((v) => !v.withdrawn).sort(byStart);
    const current = live.filter((v) => v.effective_from <= at).at(-1) ?? null;
    const next = live.find((v) => v.effective_from > at) ?? null;
    return { current: current && structuredClone(current), next: next && structuredClone(next) };
  }

  async list(): Promise<TermsVersion[]> {
    return [...this.#versions.values()].sort((a, b) => a.version - b.version).map((v) => structuredClone(v));
  }

  async get(termsId: string): Promise<TermsVersion | null> {
    const v = this.#versions.get(termsId);
    return v ? structuredClone(v) : null;
  }

  async findByIdempotencyKey(key: string): Promise<TermsVersion | null> {
    const v = [...this.#versions.values()].find((x) => x.idempotency_key === key);
    return v ? structuredClone(v) : null;
  }

  async highestVersion(): Promise<number> {
    return Math.max(1, ...[...this.#versions.values()].map((v) => v.version));
  }

  async insert(version: TermsVersion): Promise<InsertTermsOutcome> {
    if (this.#versions.has(version.terms_id)) return 'number_taken';
    if (version.idempotency_key !== null && [...this.#versions.values()].some((v) => v.idempotency_key === version.idempotency_key)) {
      return 'key_taken';
    }
    this.#versions.set(version.terms_id, structuredClone(version));
    return 'inserted';
  }

  async withdraw(termsId: string, now: string, by: string): Promise<TermsVersion | null> {
    const v = this.#versions.get(termsId);
    if (!v || v.withdrawn || v.effective_from <= now) return null;
    v.withdrawn = { by, at: now };
    return structuredClone(v);
  }
}

function byStart(a: TermsVersion, b: TermsVersion): number {
  return a.effective_from === b.effective_from ? a.version - b.version : a.effective_from < b.effective_from ? -1 : 1;
}
