import type { Clock } from '../core/clock.js';
import type { Rules } from '../core/rules.js';
import { environmentTerms, type TermsVersion } from './terms.js';
import type { TermsStore } from './terms-store.js';

/** What one read of the store said, and until when it may be served. */
interface Cached {
  terms: TermsVersion;
  loadedAt: number;
  /** The next version's start. */
  nextStart: number;
  /** The next version's start, or the end of the time to live, whichever is first. */
  until: number;
}

/**
 * The terms in force, cached per instance for `ttlMs` (a read per request would be a round trip
 * on the hot path). The cache never serves a version after its successor has started: it knows
 * the next `effective_from` and reads again at that instant. A version scheduled elsewhere after
 * the read reaches this instance within `ttlMs`; one scheduled here is seen at once.
 */
export class TermsSource {
  readonly #store: TermsStore;
  readonly #fallback: TermsVersion;
  readonly #ttlMs: number;
  #cached: Cached | null = null;
  #loading: Promise<Cached> | null = null;

  constructor(store: TermsStore, rules: Rules, ttlMs: number) {
    this.#store = store;
    this.#fallback = environmentTerms(rules);
    this.#ttlMs = ttlMs;
  }

  /** Version 1: the environment's values. */
  get environment(): TermsVersion {
    return this.#fallback;
  }

  /** The version in force at `now` (`clock.now()` by default). */
  async inForce(clock: Clock): Promise<TermsVersion> {
    const now = clock.now().getTime();
    const c = this.#cached;
    if (c && now >= c.loadedAt && now < c.until) return c.terms;
    this.#loading ??= this.#load(now).finally(() => {
      this.#loading = null;
    });
    const loaded = await this.#loading;
    // A load that began for an earlier instant may already be past its successor's start.
    return now >= loaded.loadedAt && now < loaded.nextStart ? loaded.terms : (await this.#load(now)).terms;
  }

  /** Forgets what was read (this instance scheduled or withdrew a version). */
  invalidate(): void {
    this.#cached = null;
  }

  async #load(now: number): Promise<Cached> {
    const { current, next } = await this.#store.around(new Date(now).toISOString());
    const nextStart = next ? Date.parse(next.effective_from) : Number.POSITIVE_INFINITY;
    const cached = { terms: current ?? this.#fallback, loadedAt: now, nextStart, until: Math.min(now + this.#ttlMs, nextStart) };
    this.#cached = cached;
    return cached;
  }
}
