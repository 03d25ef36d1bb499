/**
 * What the review signals remember (docs/rules.md §7), each looked up by key: the payment
 * methods a customer paid with, and each referrer's conversions by instant.
 */
/** The window of the velocity signal. */
export const velocityWindowMs = 24 * 3_600_000;

export interface TrustStore {
  /** Remembers that a customer paid with the payment method of this fingerprint; idempotent. */
  rememberPaymentMethod(customerId: string, fingerprint: string): Promise<void>;
  /** Whether the customer has paid with the payment method of this fingerprint (one lookup by key). */
  hasPaymentMethod(customerId: string, fingerprint: string): Promise<boolean>;
  /** Up to `limit` customers who paid with the payment method of this fingerprint (one indexed lookup), for a reviewer's evidence. */
  customersWithPaymentMethod(fingerprint: string, limit: number): Promise<string[]>;
  /**
   * Records a usage's conversion for its referrer at instant `at` (once per usage: a repeat keeps
   * the first instant), and answers how many of the referrer's conversions fall in the 24 hours
   * up to `at`, counting at most `cap` (one indexed range, bounded by the cap, never by history).
   */
  countConversion(referrerId: string, at: string, usageId: string, cap: number): Promise<number>;
}
