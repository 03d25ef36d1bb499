import { velocityWindowMs, type TrustStore } from '../../trust/trust-store.js';

/** In-memory review-signal records: the embedded default, and a fake that passes the store's contract. */
export class MemoryTrustStore implements TrustStore {
  readonly #methods = new Set<string>();
  readonly #conversions = new Map<string, { referrerId: string; at: string }>();

  async rememberPaymentMethod(customerId: string, fingerprint: string): Promise<void> {
    this.#methods.add(JSON.stringify([customerId, fingerprint]));
  }

  async hasPaymentMethod(customerId: string, fingerprint: string): Promise<boolean> {
    return this.#methods.has(JSON.stringify([customerId, fingerprint]));
  }

  async customersWithPaymentMethod(fingerprint: string, limit: number): Promise<string[]> {
    const found: string[] = [];
    for (const key of this.#methods) {
      const [customerId, f] = JSON.parse(key) as [string, string];
      if (f === fingerprint) found.push(customerId);
    }
    return found.sort().slice(0, limit);
  }

  async countConversion(referrerId: string, at: string, usageId: string, cap: number): Promise<number> {
    if (!this.#conversions.has(usageId)) this.#conversions.set(usageId, { referrerId, at });
    const since = new Date(Date.parse(at) - velocityWindowMs).toISOString();
    let n = 0;
    for (const c of this.#conversions.values()) if (c.referrerId === referrerId && c.at > since && c.at <= at) n += 1;
    return Math.min(n, cap);
  }
}
