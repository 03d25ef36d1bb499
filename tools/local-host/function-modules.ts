import type { FunctionName } from '#shared/app/function-catalog.js';

/** How to load each function's module (it registers itself); typed so that a catalog entry without a module does not compile. */
export const functionModules: Record<FunctionName, () => Promise<unknown>> = {
  applyReferralCode: () => import('../../functions/applyReferralCode.js'),
  referralCode: () => import('../../functions/referralCode.js'),
  points: () => import('../../functions/points.js'),
  admin: () => import('../../functions/admin.js'),
  console: () => import('../../functions/console.js'),
  shareLink: () => import('../../functions/shareLink.js'),
  generateReferralCode: () => import('../../functions/generateReferralCode.js'),
  creditReferralConversion: () => import('../../functions/creditReferralConversion.js'),
  reverseReferralOnRefund: () => import('../../functions/reverseReferralOnRefund.js'),
  syncCustomer: () => import('../../functions/syncCustomer.js'),
  expireReferralPoints: () => import('../../functions/expireReferralPoints.js'),
  remindExpiringPoints: () => import('../../functions/remindExpiringPoints.js'),
  releaseHeldCredits: () => import('../../functions/releaseHeldCredits.js'),
  syncDealReferrals: () => import('../../functions/syncDealReferrals.js'),
  reconcile: () => import('../../functions/reconcile.js'),
  recordLiability: () => import('../../functions/recordLiability.js'),
};
