import { http } from '@google-cloud/functions-framework';
import { getCustomerOverview, setCodeActive, setCustomerEnabled, type CustomerSwitch } from '#shared/customers/manage-customers.js';
import { forAdmin, httpFunction } from '#shared/http/http-function.js';
import type { RouteHandler } from '#shared/http/router.js';
import { parseIdempotencyKey, parseInput } from '#shared/http/parse.js';
import { errorOf, fromResult } from '#shared/http/respond.js';
import { adjustBodySchema, approveBodySchema, pathIdSchema, reasonBodySchema, reviewsQuerySchema } from '#shared/http/schemas.js';
import { isJobName } from '#shared/jobs/jobs.js';
import { runJobNow } from '#shared/jobs/run-job.js';
import { adjustPoints } from '#shared/points/adjust-points.js';
import { liabilityReport } from '#shared/points/record-liability.js';
import { grantWithheldCredit } from '#shared/usages/convert-referral.js';
import { listTerms, scheduleTerms, withdrawTerms } from '#shared/programme/manage-terms.js';
import { scheduleTermsBodySchema } from '#shared/programme/terms.js';
import { eraseCustomer } from '#shared/customers/erase-customer.js';
import { decideReview, listReviews } from '#shared/usages/review.js';
import { funnelQuerySchema, liabilityQuerySchema } from '#shared/http/growth-schemas.js';
import { readFunnel } from '#shared/growth/read-funnel.js';

const customerId = (params: Record<string, string>) => parseInput(pathIdSchema, params.customer_id, 'path');

/** A route that switches something of a customer off (the body gives a reason) or back on (no body). */
function switchRoute<T>(change: CustomerSwitch<T>, on: boolean): RouteHandler {
  return forAdmin(async (ctx, admin, req, params) => {
    const id = customerId(params);
    const body = on ? ({ ok: true, value: { reason: null } } as const) : parseInput(reasonBodySchema, req.body);
    if (!id.ok) return id.response;
    return body.ok ? fromResult(await change(ctx, id.value, on, admin.sub, body.value.reason)) : body.response;
  });
}

/** The admin dashboard's API: customers, codes, points adjustments, credits, programme terms, reviews, erasure, reports and jobs. */
export const handler = httpFunction('admin', {
  'GET /v1/admin/customers/{customer_id}': forAdmin(async (ctx, _a, _req, params) => {
    const id = customerId(params);
    return id.ok ? fromResult(await getCustomerOverview(ctx, id.value)) : id.response;
  }),
  'POST /v1/admin/customers/{customer_id}/referral-code/deactivate': switchRoute(setCodeActive, false),
  'POST /v1/admin/customers/{customer_id}/referral-code/activate': switchRoute(setCodeActive, true),
  'POST /v1/admin/customers/{customer_id}/disable': switchRoute(setCustomerEnabled, false),
  'POST /v1/admin/customers/{customer_id}/enable': switchRoute(setCustomerEnabled, true),
  'POST /v1/admin/customers/{customer_id}/points/adjust': forAdmin(async (ctx, admin, req, params) => {
    const id = customerId(params);
    const body = parseInput(adjustBodySchema, req.body);
    const key = parseIdempotencyKey(req.headers);
    if (!id.ok) return id.response;
    if (!body.ok) return body.response;
    if (!key.ok) return key.response;
    return fromResult(await adjustPoints(ctx, { customerId: id.value, ...body.value, idempotencyKey: key.value, actor: admin.sub }), 201);
  }),
  'POST /v1/admin/usages/{usage_id}/release-credit': forAdmin(async (ctx, admin, _req, params) => {
    const id = parseInput(pathIdSchema, params.usage_id, 'path');
    return id.ok ? fromResult(await grantWithheldCredit(ctx, id.value, admin.sub)) : id.response;
  }),
  'GET /v1/admin/reports/points-liability': forAdmin(async (ctx, _a, req) => {
    const q = parseInput(liabilityQuerySchema, req.query, 'query');
    return q.ok ? { status: 200, body: await liabilityReport(ctx, q.value.days) } : q.response;
  }),
  'GET /v1/admin/reports/funnel': forAdmin(async (ctx, _a, req) => {
    const q = parseInput(funnelQuerySchema, req.query, 'query');
    return q.ok ? { status: 200, body: await readFunnel(ctx, q.value) } : q.response;
  }),
  'GET /v1/admin/programme/terms': forAdmin(async (ctx) => ({ status: 200, body: await listTerms(ctx) })),
  'POST /v1/admin/programme/terms': forAdmin(async (ctx, admin, req) => {
    const body = parseInput(scheduleTermsBodySchema, req.body);
    const key = parseIdempotencyKey(req.headers);
    if (!body.ok) return body.response;
    if (!key.ok) return key.response;
    const r = await scheduleTerms(ctx, body.value, key.value, admin.sub);
    return r.ok ? { status: r.value.created ? 201 : 200, body: r.value.terms } : fromResult(r);
  }),
  'DELETE /v1/admin/programme/terms/{terms_id}': forAdmin(async (ctx, admin, _req, params) => {
    const id = parseInput(pathIdSchema, params.terms_id, 'path');
    return id.ok ? fromResult(await withdrawTerms(ctx, id.value, admin.sub)) : id.response;
  }),
  'POST /v1/admin/jobs/{job}/run': forAdmin(async (ctx, _a, _req, params) => {
    const job = params.job ?? '';
    if (!isJobName(job)) return errorOf('UNKNOWN_JOB', `No job ${job}`);
    const run = await runJobNow(ctx, job);
    return run.ran
      ? { status: 200, body: { job, report: run.report } }
      : { status: 202, body: { job, requested: true, via: run.requested_of } };
  }),
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
    const id = customerId(params);
    const body = parseInput(reasonBodySchema, req.body);
    if (!id.ok) return id.response;
    if (!body.ok) return body.response;
    return fromResult(await eraseCustomer(ctx, id.value, admin.sub, body.value.reason));
  }),
});
http('admin', handler);
