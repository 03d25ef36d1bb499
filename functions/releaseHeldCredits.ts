import { http } from '@google-cloud/functions-framework';
import { scheduledFunction } from '#shared/events/scheduled-function.js';

/** Scheduled job `releaseHeldCredits` (Cloud Scheduler). */
export const handler = scheduledFunction('releaseHeldCredits');
http('releaseHeldCredits', handler);
