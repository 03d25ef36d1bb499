import { z } from 'zod';

const id = z.string().trim().min(1).max(200);
const profile = z.object({
  name: z.string().max(200).nullish(),
  email: z.string().max(320).nullish(),
  phone_number: z.string().max(40).nullish(),
});

/** `payment.completed` on topic `payments`. */
export const paymentCompletedSchema = z.object({
  event_id: id,
  payment_id: id,
  deal_id: id,
  customer_id: id,
  amount: z.object({ amount: z.number().int().nonnegative(), currency: z.string().regex(/^[A-Z]{3}$/) }),
  paid_at: z.string().datetime({ offset: true }),
  customer: profile.optional(),
  payment_method: z.object({ fingerprint: z.string().trim().min(1).max(200) }).nullish(),
});

/** `payment.refunded` on topic `payments`. */
export const paymentRefundedSchema = z.object({
  event_id: id,
  payment_id: id,
  deal_id: id,
  customer_id: id,
  refunded_at: z.string().datetime({ offset: true }),
});

/** `customer.upserted` on topic `customers`. */
export const customerUpsertedSchema = profile.extend({ customer_id: id, name: z.string().max(200) });

/** Event types each inbound topic carries. */
export const inboundEventTypes = {
  payments: ['payment.completed', 'payment.refunded'],
  customers: ['customer.upserted'],
} as const;
