import { http } from '@google-cloud/functions-framework';
import { scheduledFunction } from '#shared/events/scheduled-function.js';

/** Scheduled job `syncDealReferrals` (Cloud Scheduler). */
export const handler = scheduledFunction('syncDealReferrals');
http('syncDealReferrals', handler);
