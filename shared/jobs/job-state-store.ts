/** Where a scheduled job keeps its checkpoint between runs (MongoDB `job_state`, `_id` = job name). */
export interface JobStateStore {
  get(job: string): Promise<Record<string, unknown> | null>;
  /** Replaces the job's checkpoint (one job runs at a time per name; a lost write only repeats work). */
  put(job: string, state: Record<string, unknown>): Promise<void>;
}
