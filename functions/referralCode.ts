import { http } from '@google-cloud/functions-framework';
import { getReferralCode } from '#shared/customers/manage-customers.js';
import { forCaller, httpFunction } from '#shared/http/http-function.js';
import { parseInput } from '#shared/http/parse.js';
import { fromResult } from '#shared/http/respond.js';
import { referralsQuerySchema } from '#shared/http/schemas.js';
import { listReferrals } from '#shared/usages/referrer-view.js';

/** The caller's referral code, status and stats, and their referrals as referrer. */
export const handler = httpFunction('referralCode', {
  'GET /v1/referral-code': forCaller(async (ctx, caller) => fromResult(await getReferralCode(ctx, caller.sub))),
  'GET /v1/referrals': forCaller(async (ctx, caller, req) => {
    const q = parseInput(referralsQuerySchema, req.query, 'query');
    if (!q.ok) return q.response;
    return fromResult(await listReferrals(ctx, caller.sub, q.value.limit, q.value.cursor ?? null));
  }),
});
http('referralCode', handler);
