import type { CloudSchedulerClient } from '@google-cloud/scheduler';
import type { JobName } from './jobs.js';

let client: CloudSchedulerClient | undefined;

/** Asks Cloud Scheduler to run a job now (`runJob`); the job then calls its function as usual. */
export async function runSchedulerJob(scheduler: { projectId: string; location: string }, job: JobName): Promise<void> {
  if (!client) {
    const { CloudSchedulerClient: Client } = await import('@google-cloud/scheduler');
    client = new Client();
  }
  await client.runJob({ name: client.jobPath(scheduler.projectId, scheduler.location, job) });
}
