/**
 * What the review signals remember (docs/rules.md §7), each looked up by key: the payment
 * methods a customer paid with, and the conversions of each referrer per UTC day.
 */
export interface TrustStore {
  /** Remembers that a customer paid with the payment method of this fingerprint; idempotent. */
  rememberPaymentMethod(customerId: string, fingerprint: string): Promise<void>;
  /** Whether the customer has paid with the payment method of this fingerprint (one lookup by key). */
  hasPaymentMethod(customerId: string, fingerprint: string): Promise<boolean>;
  /**
   * Counts a usage's conversion for its referrer on a UTC day (`YYYY-MM-DD`), once per usage, and
   * answers how many that day has, counting at most `cap` (so the cost is bounded by the cap, never by history).
   */
  countConversion(referrerId: string, day: string, usageId: string, cap: number): Promise<number>;
}
