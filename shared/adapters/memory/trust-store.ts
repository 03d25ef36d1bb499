import type { TrustStore } from '../../trust/trust-store.js';

/** In-memory review-signal records: the embedded default, and a fake that passes the store's contract. */
export class MemoryTrustStore implements TrustStore {
  readonly #methods = new Set<string>();
  readonly #conversions = new Map<string, string>();

  async rememberPaymentMethod(customerId: string, fingerprint: string): Promise<void> {
    this.#methods.add(JSON.stringify([customerId, fingerprint]));
  }

  async hasPaymentMethod(customerId: string, fingerprint: string): Promise<boolean> {
    return this.#methods.has(JSON.stringify([customerId, fingerprint]));
  }

  async countConversion(referrerId: string, day: string, usageId: string, cap: number): Promise<number> {
    const key = JSON.stringify([referrerId, day]);
    if (!this.#conversions.has(usageId)) this.#conversions.set(usageId, key);
    let n = 0;
    for (const k of this.#conversions.values()) if (k === key) n += 1;
    return Math.min(n, cap);
  }
}
