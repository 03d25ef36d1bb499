import { eraseCustomer } from '../customers/erase-customer.js';
import { decideReview, listReviews } from '../usages/review.js';
import { forAdmin } from './http-function.js';
import { parseInput } from './parse.js';
import { fromResult } from './respond.js';
import type { Routes } from './router.js';
import { approveBodySchema, pathIdSchema, reasonBodySchema, reviewsQuerySchema } from './schemas.js';

/**
 * The admin routes of docs/rules.md §7 (the review queue and erasure), served by the `admin`
 * function: each parses, calls one use case and maps its result.
 */
export const trustRoutes: Routes = {
  'GET /v1/admin/reviews': forAdmin(async (ctx, _a, req) => {
    const q = parseInput(reviewsQuerySchema, req.query, 'query');
    if (!q.ok) return q.response;
    return fromResult(await listReviews(ctx, q.value.status, q.value.limit, q.value.cursor ?? null));
  }),
  'POST /v1/admin/usages/{usage_id}/approve': forAdmin(async (ctx, admin, req, params) => {
    const id = parseInput(pathIdSchema, params.usage_id, 'path');
    const body = parseInput(approveBodySchema, req.body ?? {});
    if (!id.ok) return id.response;
    if (!body.ok) return body.response;
    return fromResult(await decideReview(ctx, id.value, 'approved', admin.sub, body.value.reason ?? null));
  }),
  'POST /v1/admin/usages/{usage_id}/reject': forAdmin(async (ctx, admin, req, params) => {
    const id = parseInput(pathIdSchema, params.usage_id, 'path');
    const body = parseInput(reasonBodySchema, req.body);
    if (!id.ok) return id.response;
    if (!body.ok) return body.response;
    return fromResult(await decideReview(ctx, id.value, 'rejected', admin.sub, body.value.reason));
  }),
  'POST /v1/admin/customers/{customer_id}/erase': forAdmin(async (ctx, admin, req, params) => {
    const id = parseInput(pathIdSchema, params.customer_id, 'path');
    const body = parseInput(reasonBodySchema, req.body);
    if (!id.ok) return id.response;
    if (!body.ok) return body.response;
    return fromResult(await eraseCustomer(ctx, id.value, admin.sub, body.value.reason));
  }),
};
