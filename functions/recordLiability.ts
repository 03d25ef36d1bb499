import { http } from '@google-cloud/functions-framework';
import { scheduledFunction } from '#shared/events/scheduled-function.js';

/** Scheduled job `recordLiability` (Cloud Scheduler). */
export const handler = scheduledFunction('recordLiability');
http('recordLiability', handler);
