/** Asks the platform's scheduler to run a scheduled job now; the job then calls its function as usual. */
export interface JobScheduler {
  runJob(job: string): Promise<void>;
}
