/**
 * Signals that hold a referrer's credit for review at conversion instead of refusing the
 * application (docs/rules.md §7).
 */
export const reviewReasons = ['DISPOSABLE_EMAIL', 'SHARED_PAYMENT_METHOD', 'VELOCITY'] as const;
/** One of {@link reviewReasons}. */
export type ReviewReason = (typeof reviewReasons)[number];

/** Where a review case stands: `open` until an admin approves or rejects it. */
export const reviewStatuses = ['open', 'approved', 'rejected'] as const;
/** One of {@link reviewStatuses}. */
export type ReviewStatus = (typeof reviewStatuses)[number];

/**
 * What the signals saw, for the reviewer: the referee's e-mail domain when it is disposable, the
 * customers (at most {@link evidenceCustomersShown}) who paid with the shared payment method, and
 * the referrer's conversions in the 24 hours up to this one (counted up to the cap + 1).
 */
export interface ReviewEvidence {
  disposable_domain: string | null;
  shared_payment_with: string[];
  conversions_24h: number | null;
}

/** How many customers sharing a payment method the evidence names. */
export const evidenceCustomersShown = 5;

/** A usage's review case: why it was held, what the signals saw, and who decided it, when and why. */
export interface UsageReview {
  reasons: ReviewReason[];
  /** Absent on cases opened before evidence was kept. */
  evidence?: ReviewEvidence | null;
  status: ReviewStatus;
  opened_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_reason: string | null;
}

/** A new, open review case for the given reasons. */
export function openReview(reasons: readonly ReviewReason[], at: string, evidence: ReviewEvidence | null = null): UsageReview {
  return { reasons: [...reasons], evidence, status: 'open', opened_at: at, decided_by: null, decided_at: null, decision_reason: null };
}
