import type { Context } from '../core/context.js';
import { jobs, type JobName } from './jobs.js';

/** What running a job now did: it ran here with this report, or the scheduler was asked to run it. */
export type JobRun = { job: JobName; ran: true; report: unknown } | { job: JobName; ran: false; requested_of: 'cloud-scheduler' };

/**
 * Runs a scheduled job now for an admin. Where Cloud Scheduler is configured it is asked to run
 * the job (so the run is the scheduler's, with its retries); otherwise the job runs here.
 */
export async function runJobNow(ctx: Context, job: JobName): Promise<JobRun> {
  if (ctx.scheduler) {
    await ctx.scheduler.runJob(job);
    return { job, ran: false, requested_of: 'cloud-scheduler' };
  }
  return { job, ran: true, report: await jobs[job](ctx) };
}
