import { approveBodySchema, reasonBodySchema, referralsQuerySchema, reviewsQuerySchema } from './schemas.js';
import { objectResponseSchema, referralsPageSchema, reviewsPageSchema } from './response-schemas.js';

const common = [400, 401, 403, 404, 429, 500, 503];

/**
 * The routes of docs/rules.md §7 (trust and support), described for the OpenAPI document; typed
 * where `apiOperations` takes them in (importing its type here would make a cycle).
 */
export const trustOperations = {
  'GET /v1/referrals': {
    summary: 'Your referrals as referrer, newest first',
    query: referralsQuerySchema,
    success: { status: 200, schema: referralsPageSchema },
    errors: common,
  },
  'GET /v1/admin/reviews': {
    summary: 'Usages whose credit is held for review, oldest first',
    query: reviewsQuerySchema,
    success: { status: 200, schema: reviewsPageSchema },
    errors: common,
  },
  'POST /v1/admin/usages/{usage_id}/approve': {
    summary: 'Approve a held credit: the referrer is credited once',
    body: approveBodySchema,
    success: { status: 200, schema: objectResponseSchema },
    errors: [...common, 409],
  },
  'POST /v1/admin/usages/{usage_id}/reject': {
    summary: 'Reject a held credit: the case closes with no credit',
    body: reasonBodySchema,
    success: { status: 200, schema: objectResponseSchema },
    errors: [...common, 409],
  },
  'POST /v1/admin/customers/{customer_id}/erase': {
    summary: "Erase a customer's name, e-mail and phone",
    body: reasonBodySchema,
    success: { status: 200, schema: objectResponseSchema },
    errors: common,
  },
};
