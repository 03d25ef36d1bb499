/**
 * Every deployable function, how it is triggered, and what it serves.
 * The local host routes and subscribes from this table, and the deployment test checks
 * the Terraform against it, so a function cannot be added to one place and forgotten in another.
 */
export const functionCatalog = [
  {
    name: 'applyReferralCode',
    trigger: 'http',
    routes: ['POST /v1/referral-code/validate', 'POST /v1/referral-code/apply', 'DELETE /v1/deals/{deal_id}/referral'],
  },
  {
    name: 'referralCode',
    trigger: 'http',
    routes: ['GET /v1/referral-code', 'GET /v1/referrals'],
    // The referrer's card calls these from the booking site's page (docs/rules.md §9).
    crossOrigin: ['GET /v1/referral-code', 'GET /v1/referrals'],
  },
  {
    name: 'points',
    trigger: 'http',
    routes: ['GET /v1/points', 'GET /v1/points/ledger', 'POST /v1/points/redeem', 'POST /v1/points/redemptions/{redemption_id}/reverse'],
    crossOrigin: ['GET /v1/points'],
  },
  {
    name: 'admin',
    trigger: 'http',
    routes: [
      'GET /v1/admin/customers',
      'GET /v1/admin/customers/{customer_id}',
      'GET /v1/admin/customers/{customer_id}/usages',
      'GET /v1/admin/customers/{customer_id}/ledger',
      'GET /v1/admin/customers/{customer_id}/audit',
      'POST /v1/admin/customers/{customer_id}/referral-code/deactivate',
      'POST /v1/admin/customers/{customer_id}/referral-code/activate',
      'POST /v1/admin/customers/{customer_id}/disable',
      'POST /v1/admin/customers/{customer_id}/enable',
      'POST /v1/admin/customers/{customer_id}/points/adjust',
      'POST /v1/admin/usages/{usage_id}/release-credit',
      'POST /v1/admin/redemptions/{redemption_id}/reverse',
      'GET /v1/admin/reports/points-liability',
      'GET /v1/admin/reports/funnel',
      'GET /v1/admin/programme/terms',
      'POST /v1/admin/programme/terms',
      'DELETE /v1/admin/programme/terms/{terms_id}',
      'POST /v1/admin/jobs/{job}/run',
      'GET /v1/admin/reviews',
      'POST /v1/admin/usages/{usage_id}/approve',
      'POST /v1/admin/usages/{usage_id}/reject',
      'POST /v1/admin/customers/{customer_id}/erase',
    ],
  },
  // The support console: its page, and the admin routes again on its own origin, behind
  // Identity-Aware Proxy instead of the API gateway (docs/rules.md §8).
  { name: 'console', trigger: 'iap', routes: ['GET /console', 'GET /console/{asset}'], serves: 'admin' },
  // Share links, and the referrer's card's script (public files, cached for good under their hash).
  { name: 'shareLink', trigger: 'http', routes: ['GET /r/{code}', 'GET /card/{file}'], public: true },
  { name: 'generateReferralCode', trigger: 'pubsub', topic: 'payments' },
  { name: 'creditReferralConversion', trigger: 'pubsub', topic: 'payments' },
  { name: 'reverseReferralOnRefund', trigger: 'pubsub', topic: 'payments' },
  { name: 'syncCustomer', trigger: 'pubsub', topic: 'customers' },
  { name: 'expireReferralPoints', trigger: 'scheduler', schedule: '15 * * * *' },
  { name: 'remindExpiringPoints', trigger: 'scheduler', schedule: '0 9 * * *' },
  { name: 'releaseHeldCredits', trigger: 'scheduler', schedule: '45 * * * *' },
  { name: 'syncDealReferrals', trigger: 'scheduler', schedule: '*/10 * * * *' },
  { name: 'reconcile', trigger: 'scheduler', schedule: '30 3 * * *' },
  { name: 'recordLiability', trigger: 'scheduler', schedule: '5 0 * * *' },
] as const satisfies readonly FunctionSpec[];

/** How one function is deployed and reached. */
export type FunctionSpec =
  | {
      name: string;
      trigger: 'http';
      routes: readonly string[];
      /** No token asked: API Gateway routes it without the JWT. */ public?: boolean;
      /**
       * Routes of this function a page on another origin may call (the referrer's card): each
       * path gets a CORS preflight route (`OPTIONS <path>`, public at the gateway) and their
       * answers carry CORS headers for an origin of `CARD_ALLOWED_ORIGINS`.
       */
      crossOrigin?: readonly string[];
    }
  /** HTTP behind Identity-Aware Proxy: its own routes, plus every route of the HTTP function it `serves`. */
  | { name: string; trigger: 'iap'; routes: readonly string[]; serves: string }
  | { name: string; trigger: 'pubsub'; topic: InboundTopic }
  | { name: string; trigger: 'scheduler'; schedule: string };

/** Topics other systems publish to and this system consumes. */
export const inboundTopics = ['payments', 'customers'] as const;
/** One of {@link inboundTopics}. */
export type InboundTopic = (typeof inboundTopics)[number];

/** Names of the deployable functions. */
export type FunctionName = (typeof functionCatalog)[number]['name'];

/** Names of the scheduled jobs (each is a function run by Cloud Scheduler). */
export const scheduledJobs = functionCatalog.filter((f) => f.trigger === 'scheduler').map((f) => f.name);

/** The CORS preflight routes of a function: `OPTIONS <path>` for each path of its `crossOrigin` routes. */
export function preflightRoutes(spec: FunctionSpec): string[] {
  const crossOrigin = spec.trigger === 'http' ? (spec.crossOrigin ?? []) : [];
  return [...new Set(crossOrigin.map((route) => `OPTIONS ${route.split(' ')[1]}`))];
}
