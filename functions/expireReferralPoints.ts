import { http } from '@google-cloud/functions-framework';
import { scheduledFunction } from '#shared/events/scheduled-function.js';

/** Scheduled job `expireReferralPoints` (Cloud Scheduler). */
export const handler = scheduledFunction('expireReferralPoints');
http('expireReferralPoints', handler);
