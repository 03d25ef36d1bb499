import { z } from 'zod';

/** A booking as the platform keeps it in BigQuery. Amounts are integer minor units. */
export const dealSchema = z.object({
  deal_id: z.string().min(1),
  customer_id: z.string().min(1),
  referral_code_applied: z.string().nullable().default(null),
  is_converted: z.boolean().default(false),
  sold_ts: z.string().nullable().default(null),
  amount: z
    .object({ amount: z.number().int().nonnegative(), currency: z.string().length(3) })
    .nullable()
    .default(null),
});

/** A deal read back from its store. */
export type Deal = z.infer<typeof dealSchema>;

/** One change of a deal's `referral_code_applied`, as the deal sync writes it. */
export interface DealReferralChange {
  deal_id: string;
  referral_code_applied: string | null;
}
