import { http } from '@google-cloud/functions-framework';
import { scheduledFunction } from '#shared/events/scheduled-function.js';

/** Scheduled job `remindExpiringPoints` (Cloud Scheduler). */
export const handler = scheduledFunction('remindExpiringPoints');
http('remindExpiringPoints', handler);
