/**
 * The payments system's two messages as the demo, the bench, the load test and the tests send
 * them: one deal's `payment.completed` and `payment.refunded`, with ids derived from the deal so
 * that a resend is the same message.
 */

/** A `payment.completed` payload for `dealId`, paid by `customerId`; `extra` overrides or adds fields. */
export function paymentCompletedPayload(dealId: string, customerId: string, amount: number, extra: Record<string, unknown> = {}) {
  return {
    event_id: `evt-${dealId}`,
    payment_id: `pay-${dealId}`,
    deal_id: dealId,
    customer_id: customerId,
    amount: { amount, currency: 'INR' },
    paid_at: new Date().toISOString(),
    ...extra,
  };
}

/** A `payment.refunded` payload for `dealId`; `extra` overrides or adds fields. */
export function paymentRefundedPayload(dealId: string, customerId: string, extra: Record<string, unknown> = {}) {
  return {
    event_id: `evt-${dealId}-r`,
    payment_id: `pay-${dealId}`,
    deal_id: dealId,
    customer_id: customerId,
    refunded_at: new Date().toISOString(),
    ...extra,
  };
}
