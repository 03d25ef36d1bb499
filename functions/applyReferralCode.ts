import { http } from '@google-cloud/functions-framework';
import { forCaller, httpFunction } from '#shared/http/http-function.js';
import { parseInput } from '#shared/http/parse.js';
import { errorResponse, fromResult } from '#shared/http/respond.js';
import { applyBodySchema, pathIdSchema } from '#shared/http/schemas.js';
import { applyReferralCode, validateReferralCode } from '#shared/usages/apply-referral-code.js';
import { releaseReferral } from '#shared/usages/release-referral.js';
import type { Usage } from '#shared/usages/usage.js';

const usageBody = (u: Usage) => ({
  usage_id: u.usage_id,
  referral_code: u.referral_code,
  deal_id: u.deal_id,
  status: u.state,
  discount: u.discount,
  click_id: u.click_id ?? null,
});

/** Referees validate, apply and remove referral codes on their deals. */
export const handler = httpFunction('applyReferralCode', {
  'POST /v1/referral-code/validate': forCaller(async (ctx, caller, req) => {
    const body = parseInput(applyBodySchema, req.body);
    if (!body.ok) return body.response;
    const r = await validateReferralCode(ctx, { refereeId: caller.sub, code: body.value.code, dealId: body.value.deal_id });
    if (r.ok) return { status: 200, body: { eligible: true, discount: r.value.discount } };
    if (r.code === 'RATE_LIMITED') return errorResponse(r);
    return { status: 200, body: { eligible: false, reason: { code: r.code, message: r.message } } };
  }),
  'POST /v1/referral-code/apply': forCaller(async (ctx, caller, req) => {
    const body = parseInput(applyBodySchema, req.body);
    if (!body.ok) return body.response;
    const { code, deal_id, click_id } = body.value;
    const r = await applyReferralCode(ctx, { refereeId: caller.sub, code, dealId: deal_id, clickId: click_id ?? null });
    return r.ok ? { status: r.value.created ? 201 : 200, body: usageBody(r.value.usage) } : errorResponse(r);
  }),
  'DELETE /v1/deals/{deal_id}/referral': forCaller(async (ctx, caller, _req, params) => {
    const dealId = parseInput(pathIdSchema, params.deal_id, 'path');
    if (!dealId.ok) return dealId.response;
    return fromResult(await releaseReferral(ctx, caller.sub, dealId.value), 200, usageBody);
  }),
});
http('applyReferralCode', handler);
