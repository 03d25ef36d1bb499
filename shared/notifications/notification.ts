/** Notification types on `referral-notifications` (docs/rules.md §2.8). */
export const notificationTypes = [
  'referral.code_generated',
  'referral.code_applied',
  'referral.points_credited',
  'referral.points_pending',
  'referral.milestone_reached',
  'points.expiring_soon',
  'points.expired',
  'referral.reversed',
] as const;
/** One of {@link notificationTypes}. */
export type NotificationType = (typeof notificationTypes)[number];

/** Referral events on `referral-events` (docs/rules.md §4.3). */
export const referralEventTypes = [
  'referral.applied',
  'referral.released',
  'referral.converted',
  'referral.reversed',
  'customer.erased',
  'share.clicked',
  'points.credited',
  'points.redeemed',
] as const;
/** One of {@link referralEventTypes}. */
export type ReferralEventType = (typeof referralEventTypes)[number];

/** A message waiting to be published, with its deterministic id. */
export type OutboundEvent =
  | { topic: 'referral-notifications'; type: NotificationType; id: string; customer_id: string; data: Record<string, unknown> }
  | { topic: 'referral-events'; type: ReferralEventType; id: string; customer_id: string; data: Record<string, unknown> };
