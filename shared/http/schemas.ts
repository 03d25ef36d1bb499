import { z } from 'zod';

const id = z.string().trim().min(1).max(128);

/** `POST /v1/referral-code/apply` and `/validate`. */
export const applyBodySchema = z.object({ code: z.string().min(1).max(32), deal_id: id }).strict();

/** `POST /v1/points/redeem`. */
export const redeemBodySchema = z.object({ points: z.number().int().positive().max(1_000_000_000), deal_id: id }).strict();

/** Admin actions that need a reason. */
export const reasonBodySchema = z.object({ reason: z.string().trim().min(1).max(500) }).strict();

/** `POST /v1/admin/customers/{id}/points/adjust`. */
export const adjustBodySchema = z
  .object({ points: z.number().int().min(-1_000_000_000).max(1_000_000_000).refine((n) => n !== 0, 'must not be zero'), reason: z.string().trim().min(1).max(500) })
  .strict();

/** `GET /v1/points/ledger` query. */
export const ledgerQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(100).optional(),
});

/** The `Idempotency-Key` header. */
export const idempotencyKeySchema = z.string().trim().min(1).max(200);

/** A path parameter naming a customer, deal, usage or redemption. */
export const pathIdSchema = id;
