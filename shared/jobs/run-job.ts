import type { HttpResponse } from '../http/http-types.js';
import type { Context } from '../runtime/context.js';
import { jobs, type JobName } from './jobs.js';

/**
 * Runs a scheduled job now for an admin. Locally the job runs in this process and its report is
 * the answer; where Cloud Scheduler is configured, it is asked to run the job (202).
 */
export async function runJobNow(ctx: Context, job: JobName): Promise<HttpResponse> {
  if (ctx.config.scheduler) {
    const { runSchedulerJob } = await import('./cloud-scheduler.js');
    await runSchedulerJob(ctx.config.scheduler, job);
    return { status: 202, body: { job, requested: true, via: 'cloud-scheduler' } };
  }
  return { status: 200, body: { job, report: await jobs[job](ctx) } };
}
