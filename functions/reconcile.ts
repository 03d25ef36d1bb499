import { http } from '@google-cloud/functions-framework';
import { scheduledFunction } from '#shared/events/scheduled-function.js';

/** Scheduled job `reconcile` (Cloud Scheduler). */
export const handler = scheduledFunction('reconcile');
http('reconcile', handler);
