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

/** A usage's review case: why it was held, and who decided it, when and why. */
export interface UsageReview {
  reasons: ReviewReason[];
  status: ReviewStatus;
  opened_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_reason: string | null;
}

/** A new, open review case for the given reasons. */
export function openReview(reasons: readonly ReviewReason[], at: string): UsageReview {
  return { reasons: [...reasons], status: 'open', opened_at: at, decided_by: null, decided_at: null, decision_reason: null };
}
