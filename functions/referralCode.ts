import { http } from '@google-cloud/functions-framework';
import { getReferralCode } from '#shared/customers/manage-customers.js';
import { forCaller, httpFunction } from '#shared/http/http-function.js';
import { fromResult } from '#shared/http/respond.js';

/** The caller's referral code, status and stats. */
export const handler = httpFunction('referralCode', {
  'GET /v1/referral-code': forCaller(async (ctx, caller) => fromResult(await getReferralCode(ctx, caller.sub))),
});
http('referralCode', handler);
