/**
 * Signals that hold a referrer's credit for review at conversion instead of refusing the
 * application (docs/rules.md §7).
 */
export const reviewReasons = ['DISPOSABLE_EMAIL', 'SHARED_PAYMENT_METHOD', 'VELOCITY'] as const;
/** One of {@link reviewReasons}. */
export type ReviewReason = (typeof reviewReasons)[number];

/**
 * Where a review case stands: `open` until an admin approves or rejects it, or `closed` when a
 * refund ended the usage first (no decision: `decision_reason: refunded`, `decided_by: null`).
 */
export const reviewStatuses = ['open', 'approved', 'rejected', 'closed'] as const;
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

/** The case of a usage whose deal was refunded while it was open: closed, no decision, no credit. */
export function closedByRefund(review: UsageReview, at: string): UsageReview {
  return { ...review, status: 'closed', decided_by: null, decided_at: at, decision_reason: 'refunded' };
}

/**
 * Whether a usage and the review queue agree: its case is `open` exactly when the usage is
 * converted with its credit under review, which is what the open queue lists.
 */
export function reviewAgrees(u: { state: string; credit_status: string; review?: UsageReview | null | undefined }): boolean {
  const queued = u.state === 'converted' && u.credit_status === 'review';
  return (u.review?.status === 'open') === queued;
}
