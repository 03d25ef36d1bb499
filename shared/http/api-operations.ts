import { z } from 'zod';
import {
  adjustBodySchema,
  applyBodySchema,
  approveBodySchema,
  auditQuerySchema,
  customerSearchQuerySchema,
  customerUsagesQuerySchema,
  ledgerQuerySchema,
  reasonBodySchema,
  redeemBodySchema,
  referralsQuerySchema,
  reviewsQuerySchema,
} from './schemas.js';
import { scheduleTermsBodySchema } from '../programme/terms.js';
import {
  auditPageSchema,
  customerOverviewSchema,
  customerSearchSchema,
  customerUsagesPageSchema,
  ledgerEntrySchema,
  ledgerPageSchema,
  objectResponseSchema,
  pointsResponseSchema,
  redemptionResponseSchema,
  referralCodeViewSchema,
  referralsPageSchema,
  reviewsPageSchema,
  termsListSchema,
  termsVersionSchema,
  usageResponseSchema,
  validateResponseSchema,
} from './response-schemas.js';
import { funnelQuerySchema, funnelReportSchema, liabilityQuerySchema, liabilityReportSchema } from './growth-schemas.js';

/** What the API document says of one route. */
export interface ApiOperation {
  summary: string;
  /** The schema of every path parameter; a share link takes any text, the rest ids. */
  pathParam?: z.ZodType;
  body?: z.ZodType;
  query?: z.ZodObject;
  idempotencyKey?: boolean;
  /**
   * `schema` absent: no JSON body (a redirect, or a file of `mediaType`); `headers`: the response
   * headers it sets.
   */
  success: { status: number; schema?: z.ZodType; mediaType?: string; also?: number[]; headers?: string[] };
  errors: number[];
}

const common = [400, 401, 403, 404, 429, 500, 503];

/** Every HTTP route of the function catalog, described for the OpenAPI document. */
export const apiOperations: Record<string, ApiOperation> = {
  'POST /v1/referral-code/validate': {
    summary: 'Check a code against a deal without applying it',
    body: applyBodySchema,
    success: { status: 200, schema: validateResponseSchema },
    errors: common,
  },
  'POST /v1/referral-code/apply': {
    summary: 'Apply a referral code to one of your deals',
    body: applyBodySchema,
    success: { status: 201, schema: usageResponseSchema, also: [200] },
    errors: [...common, 409, 422],
  },
  'DELETE /v1/deals/{deal_id}/referral': {
    summary: 'Remove the referral code from an unpaid deal',
    success: { status: 200, schema: usageResponseSchema },
    errors: [...common, 409],
  },
  'GET /v1/referral-code': {
    summary: 'Your referral code, status and stats',
    success: { status: 200, schema: referralCodeViewSchema },
    errors: common,
  },
  'GET /v1/points': {
    summary: 'Your points balance, lots and what expires soon',
    success: { status: 200, schema: pointsResponseSchema },
    errors: common,
  },
  'GET /v1/points/ledger': {
    summary: 'Your points ledger, newest first',
    query: ledgerQuerySchema,
    success: { status: 200, schema: ledgerPageSchema },
    errors: common,
  },
  'POST /v1/points/redeem': {
    summary: 'Spend points on a deal',
    body: redeemBodySchema,
    idempotencyKey: true,
    success: { status: 201, schema: redemptionResponseSchema },
    errors: [...common, 409, 422],
  },
  'POST /v1/points/redemptions/{redemption_id}/reverse': {
    summary: "Reverse a redemption before the deal is paid (an admin's, with an optional reason, is audited)",
    body: approveBodySchema,
    success: { status: 200, schema: redemptionResponseSchema },
    errors: [...common, 409],
  },
  'GET /v1/admin/customers': {
    summary: 'Find customers by id, referral code (any spelling apply forgives), e-mail or phone',
    query: customerSearchQuerySchema,
    success: { status: 200, schema: customerSearchSchema },
    errors: common,
  },
  'GET /v1/admin/customers/{customer_id}': {
    summary: 'A customer with profile, code, stats, disabled state, the newest usages and the wallet as the customer sees it',
    success: { status: 200, schema: customerOverviewSchema },
    errors: common,
  },
  'GET /v1/admin/customers/{customer_id}/usages': {
    summary: "One side of a customer's usages (as referrer or as referee), newest first",
    query: customerUsagesQuerySchema,
    success: { status: 200, schema: customerUsagesPageSchema },
    errors: common,
  },
  'GET /v1/admin/customers/{customer_id}/ledger': {
    summary: "A customer's ledger, newest first",
    query: ledgerQuerySchema,
    success: { status: 200, schema: ledgerPageSchema },
    errors: common,
  },
  'GET /v1/admin/customers/{customer_id}/audit': {
    summary: 'The admin actions on a customer (who, when, why, outcome), newest first',
    query: auditQuerySchema,
    success: { status: 200, schema: auditPageSchema },
    errors: common,
  },
  'POST /v1/admin/customers/{customer_id}/referral-code/deactivate': {
    summary: 'Deactivate a code',
    body: reasonBodySchema,
    success: { status: 200, schema: referralCodeViewSchema },
    errors: common,
  },
  'POST /v1/admin/customers/{customer_id}/referral-code/activate': {
    summary: 'Reactivate a code',
    body: approveBodySchema,
    success: { status: 200, schema: referralCodeViewSchema },
    errors: [...common, 409],
  },
  'POST /v1/admin/customers/{customer_id}/disable': {
    summary: 'Disable a customer',
    body: reasonBodySchema,
    success: { status: 200, schema: objectResponseSchema },
    errors: common,
  },
  'POST /v1/admin/customers/{customer_id}/enable': {
    summary: 'Enable a customer',
    body: approveBodySchema,
    success: { status: 200, schema: objectResponseSchema },
    errors: [...common, 409],
  },
  'POST /v1/admin/customers/{customer_id}/points/adjust': {
    summary: 'Add or remove points by hand',
    body: adjustBodySchema,
    idempotencyKey: true,
    success: { status: 201, schema: ledgerEntrySchema },
    errors: [...common, 409, 422],
  },
  'POST /v1/admin/usages/{usage_id}/release-credit': {
    summary: 'Release a withheld credit',
    body: approveBodySchema,
    success: { status: 200, schema: objectResponseSchema },
    errors: [...common, 409],
  },
  'POST /v1/admin/redemptions/{redemption_id}/reverse': {
    summary: "Reverse a customer's redemption before its deal is paid (audited)",
    body: approveBodySchema,
    success: { status: 200, schema: redemptionResponseSchema },
    errors: [...common, 409],
  },
  'GET /v1/admin/reports/points-liability': {
    summary: 'Outstanding points and their value; with days, the daily figures of the last days (at most 400)',
    query: liabilityQuerySchema,
    success: { status: 200, schema: liabilityReportSchema },
    errors: common,
  },
  'GET /v1/admin/reports/funnel': {
    summary: 'The referral funnel per day or ISO week: clicks, applies, conversions, reversals, points, rates, top referrers',
    query: funnelQuerySchema,
    success: { status: 200, schema: funnelReportSchema },
    errors: common,
  },
  'GET /v1/admin/programme/terms': {
    summary: 'Every version of the programme terms, the one in force marked',
    success: { status: 200, schema: termsListSchema },
    errors: common,
  },
  'POST /v1/admin/programme/terms': {
    summary: 'Schedule a version of the programme terms',
    body: scheduleTermsBodySchema,
    idempotencyKey: true,
    success: { status: 201, schema: termsVersionSchema, also: [200] },
    errors: [...common, 409],
  },
  'DELETE /v1/admin/programme/terms/{terms_id}': {
    summary: 'Withdraw a version that has not come into force',
    success: { status: 200, schema: termsVersionSchema },
    errors: [...common, 409],
  },
  'POST /v1/admin/jobs/{job}/run': {
    summary: 'Run a scheduled job now',
    success: { status: 200, schema: objectResponseSchema, also: [202] },
    errors: common,
  },
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
  'GET /r/{code}': {
    pathParam: z.string().min(1),
    summary: "A share link: redirects to the landing page with the code's canonical spelling, or without a code; public",
    success: { status: 302, headers: ['Location', 'Cache-Control'] },
    errors: [],
  },
  'GET /card/{file}': {
    pathParam: z.string().min(1),
    summary:
      "The referrer's card's script (referral-card.js, kept 5 minutes; referral-card-<hash>.js, kept for good); public, any origin may load it",
    success: {
      status: 200,
      mediaType: 'text/javascript',
      also: [304],
      headers: ['Cache-Control', 'ETag', 'Access-Control-Allow-Origin', 'Cross-Origin-Resource-Policy'],
    },
    errors: [404],
  },
  'POST /v1/admin/customers/{customer_id}/erase': {
    summary: "Erase a customer's name, e-mail and phone",
    body: reasonBodySchema,
    success: { status: 200, schema: objectResponseSchema },
    errors: common,
  },
};
