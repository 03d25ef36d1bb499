import type { CloudSchedulerClient } from '@google-cloud/scheduler';
import type { JobScheduler } from '../../jobs/job-scheduler.js';

/** Cloud Scheduler's `runJob`: the job then calls its function with its own OIDC token and retries. */
export class CloudJobScheduler implements JobScheduler {
  readonly #scheduler: { projectId: string; location: string };
  #client: CloudSchedulerClient | undefined;

  constructor(scheduler: { projectId: string; location: string }) {
    this.#scheduler = scheduler;
  }

  async runJob(job: string): Promise<void> {
    if (!this.#client) {
      const { CloudSchedulerClient: Client } = await import('@google-cloud/scheduler');
      this.#client = new Client();
    }
    await this.#client.runJob({ name: this.#client.jobPath(this.#scheduler.projectId, this.#scheduler.location, job) });
  }
}
