import { z } from 'zod';
import { reviewStatuses } from '../usages/review-state.js';
import { pageCursorPattern } from '../usages/page-cursor.js';
import { usageSides } from '../usages/customer-usages.js';
import { clickIdPattern } from '../growth/share-click.js';

const id = z.string().min(1).max(128).regex(/^\S+$/, 'must not contain white space');

/** `POST /v1/referral-code/apply` and `/validate`; `click_id` is the share-link click the referee came by (§9). */
export const applyBodySchema = z
  .object({
    code: z.string().min(1).max(32),
    deal_id: id,
    click_id: z.string().regex(clickIdPattern, 'must be a click_id of a share link').optional(),
  })
  .strict();

/** `POST /v1/points/redeem`. */
export const redeemBodySchema = z.object({ points: z.number().int().positive().max(1_000_000_000), deal_id: id }).strict();

const reason = z.string().max(500).regex(/\S/, 'must not be blank');

/** Admin actions that need a reason. */
export const reasonBodySchema = z.object({ reason }).strict();

/** `POST /v1/admin/customers/{id}/points/adjust`. */
export const adjustBodySchema = z
  .object({
    points: z.union([z.number().int().min(-1_000_000_000).max(-1), z.number().int().min(1).max(1_000_000_000)]),
    reason,
  })
  .strict();

/** `GET /v1/points/ledger` query. */
export const ledgerQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** The `seq` of the last entry of the previous page, as `next_cursor` gave it. */
  cursor: z
    .string()
    .regex(/^[1-9][0-9]{0,14}$/, 'must be a next_cursor this API gave out')
    .optional(),
});

/** `POST /v1/admin/usages/{usage_id}/approve`: the reason is optional (who and when are kept anyway). */
export const approveBodySchema = z.object({ reason: reason.optional() }).strict().default({});

/** A cursor of the referrer's list or the review queue, as `next_cursor` gave it. */
const pageCursor = z.string().regex(pageCursorPattern, 'must be a next_cursor this API gave out');

/** `GET /v1/referrals` query. */
export const referralsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(20),
  cursor: pageCursor.optional(),
});

/** `GET /v1/admin/reviews` query. */
export const reviewsQuerySchema = z.object({
  status: z.enum(reviewStatuses).default('open'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: pageCursor.optional(),
});

/** `GET /v1/admin/customers` query: one handle (id, code, e-mail or phone) as support was given it. */
export const customerSearchQuerySchema = z.object({
  query: z.string().trim().min(1, 'must not be empty').max(200),
});

/** `GET /v1/admin/customers/{customer_id}/usages` query. */
export const customerUsagesQuerySchema = z.object({
  side: z.enum(usageSides).default('referrer'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: pageCursor.optional(),
});

/** `GET /v1/admin/customers/{customer_id}/audit` query. */
export const auditQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: pageCursor.optional(),
});

/** The `Idempotency-Key` header. */
export const idempotencyKeySchema = z.string().regex(/^[\x21-\x7e]{1,200}$/, 'must be 1 to 200 visible ASCII characters');

/** A path parameter naming a customer, deal, usage or redemption. */
export const pathIdSchema = id;
