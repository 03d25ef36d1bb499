import type { Request, Response } from '@google-cloud/functions-framework';
import { getRuntime, startupConfig } from '../app/runtime.js';
import { jobs, type JobName } from '../jobs/jobs.js';

/**
 * The HTTP function Cloud Scheduler calls (with an OIDC token that Cloud Run checks) to run one
 * job; it answers with the job's report. A fault answers 500 so the scheduler retries.
 */
export function scheduledFunction(job: JobName): (req: Request, res: Response) => Promise<void> {
  startupConfig();
  return async (_req, res) => {
    const { ctx } = await getRuntime();
    const log = ctx.logger.child({ function: job });
    try {
      const report = await jobs[job](ctx);
      log.log('INFO', `${job} finished`, { report });
      res.status(200).json(report);
    } catch (e) {
      log.log('ERROR', `${job} failed: ${e instanceof Error ? e.message : String(e)}`);
      res.status(500).json({ error: { code: 'INTERNAL', message: `${job} failed` } });
    }
  };
}
