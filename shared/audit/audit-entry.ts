import { createHash } from 'node:crypto';

/** What an admin did to a customer (docs/rules.md §7, audit trail). */
export const auditActions = [
  'code.deactivated',
  'code.activated',
  'customer.disabled',
  'customer.enabled',
  'points.adjusted',
  'credit.released',
  'review.approved',
  'review.rejected',
  'redemption.reversed',
  'customer.erased',
] as const;
/** One of {@link auditActions}. */
export type AuditAction = (typeof auditActions)[number];

/**
 * One admin action on a customer, as recorded (MongoDB `admin_audit`, insert-only): who (the
 * admin's token `sub`), when, why, on what (`target`: a usage, redemption or ledger entry id,
 * when the action has one) and what came of it (`outcome`, a short text for people).
 */
export interface AuditEntry {
  audit_id: string;
  customer_id: string;
  action: AuditAction;
  actor: string;
  at: string;
  reason: string | null;
  target: string | null;
  outcome: string;
}

/**
 * The id of a recorded action: a hash of the action, the customer and what makes that action
 * one (`key`: the ledger entry of an adjustment, the usage of a decision, the redemption of a
 * reversal, the customer of an erasure, the instant of a switch), so a retry records it once.
 */
export function auditId(action: AuditAction, customerId: string, key: string): string {
  return `aud_${createHash('sha256')
    .update(JSON.stringify([action, customerId, key]))
    .digest('hex')
    .slice(0, 32)}`;
}
