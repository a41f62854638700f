import { z } from 'zod';
import type { Executor } from '../../db/database.js';
import type { JobQueue } from '../../jobs/jobs.js';
import type { ScopingService } from './scoping.service.js';

/**
 * Scoping's job: one scan run, queued in the transaction that created the run. Few attempts, because a
 * run that failed three times fails on its data, not on a transient error. `worker` is resolved when the
 * job runs (the service is wired after the queue hands it `enqueueRun`).
 */
export function defineScopingJobs(queue: JobQueue, worker: () => Pick<ScopingService, 'executeRun'>) {
  const run = queue.define({
    kind: 'scoping.run',
    payload: z.object({ run_id: z.string() }),
    handler: ({ run_id }, ctx) => worker().executeRun(run_id, { heartbeat: () => ctx.heartbeat() }),
    maxAttempts: 3,
  });
  return { enqueueRun: (runId: string, executor: Executor) => queue.enqueue(run, { run_id: runId }, { executor }) };
}
