import { audited } from '../audit/admin-audit.js';
import type { Context } from '../core/context.js';
import type { Result } from '../core/result.js';
import { forAdmin } from './http-function.js';
import type { Routes } from './router.js';
import { parseIdempotencyKey, parseInput } from './parse.js';
import { errorOf, fromResult } from './respond.js';
import { approveBodySchema, pathIdSchema, reasonBodySchema, reviewsQuerySchema } from './schemas.js';
import { adminCustomerRoutes } from './admin-customer-routes.js';
import { isJobName } from '../jobs/jobs.js';
import { runJobNow } from '../jobs/run-job.js';
import { liabilityReport } from '../points/record-liability.js';
import { funnelQuerySchema, liabilityQuerySchema } from './growth-schemas.js';
import { readFunnel } from '../growth/read-funnel.js';
import { reverseRedemptionOf } from '../points/redeem-points.js';
import { grantWithheldCredit } from '../usages/convert-referral.js';
import { listTerms, scheduleTerms, withdrawTerms } from '../programme/manage-terms.js';
import { scheduleTermsBodySchema } from '../programme/terms.js';
import { decideReview, listReviews } from '../usages/review.js';
import type { Usage } from '../usages/usage.js';

/** Records an admin's action on a usage in its referrer's audit trail, once per usage and action. */
function auditedUsage(
  ctx: Context,
  r: Result<Usage>,
  action: 'credit.released' | 'review.approved' | 'review.rejected',
  actor: string,
  reason: string | null,
): Promise<Result<Usage>> {
  const outcome = (u: Usage) => (action === 'review.rejected' ? 'no credit' : `${u.reward_points} points credited`);
  return audited(ctx, r, (u) => ({
    customer_id: u.referrer_id,
    action,
    actor,
    reason,
    target: u.usage_id,
    key: u.usage_id,
    outcome: outcome(u),
  }));
}

/**
 * The admin API's route table: customers, codes, points adjustments, credits, programme terms, reviews,
 * erasure, reports and jobs. Served by the admin function and by the support console's function.
 */
export const adminRoutes: Routes = {
  ...adminCustomerRoutes,
  'POST /v1/admin/usages/{usage_id}/release-credit': forAdmin(async (ctx, admin, req, params) => {
    const id = parseInput(pathIdSchema, params.usage_id, 'path');
    const body = parseInput(approveBodySchema, req.body ?? {});
    if (!id.ok) return id.response;
    if (!body.ok) return body.response;
    const reason = body.value.reason ?? null;
    return fromResult(await auditedUsage(ctx, await grantWithheldCredit(ctx, id.value, admin.sub), 'credit.released', admin.sub, reason));
  }),
  // The console's way to reverse a redemption: an admin route, so the console's origin serves it too.
  'POST /v1/admin/redemptions/{redemption_id}/reverse': forAdmin(async (ctx, admin, req, params) => {
    const id = parseInput(pathIdSchema, params.redemption_id, 'path');
    const body = parseInput(approveBodySchema, req.body ?? {});
    if (!id.ok) return id.response;
    if (!body.ok) return body.response;
    const reason = body.value.reason ?? null;
    return fromResult(await reverseRedemptionOf(ctx, { redemptionId: id.value, callerId: admin.sub, isAdmin: true, reason }));
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
    const reason = body.value.reason ?? null;
    return fromResult(
      await auditedUsage(ctx, await decideReview(ctx, id.value, 'approved', admin.sub, reason), 'review.approved', admin.sub, reason),
    );
  }),
  'POST /v1/admin/usages/{usage_id}/reject': forAdmin(async (ctx, admin, req, params) => {
    const id = parseInput(pathIdSchema, params.usage_id, 'path');
    const body = parseInput(reasonBodySchema, req.body);
    if (!id.ok) return id.response;
    if (!body.ok) return body.response;
    const { reason } = body.value;
    return fromResult(
      await auditedUsage(ctx, await decideReview(ctx, id.value, 'rejected', admin.sub, reason), 'review.rejected', admin.sub, reason),
    );
  }),
};
