import { z } from 'zod';
import type { Executor } from '../../db/database.js';
import type { JobQueue } from '../../jobs/jobs.js';
import type { ObligationService } from './obligations.service.js';

/** The worker-side entry points these jobs call. */
type ObligationWorker = Pick<ObligationService, 'recomputeIfFacts' | 'sendReminders'>;

/**
 * Obligations' jobs: a recompute when an incident's aware-at time changes (queued in the transaction
 * that changed it) and a reminder sweep every minute. `worker` is resolved when a job runs, because the
 * service that handles them is wired after the services that enqueue them.
 */
export function defineObligationJobs(queue: JobQueue, worker: () => ObligationWorker) {
  const recompute = queue.define({
    kind: 'obligations.recompute',
    payload: z.object({ incident_id: z.string() }),
    handler: async ({ incident_id }) => void (await worker().recomputeIfFacts({ kind: 'system', label: 'aware-at-changed' }, incident_id)),
  });
  const remind = queue.define({
    kind: 'obligations.remind',
    payload: z.object({}).strict(),
    handler: async () => void (await worker().sendReminders()),
  });
  queue.every(remind, 'minute');
  return {
    enqueueRecompute: (incidentId: string, executor: Executor) => queue.enqueue(recompute, { incident_id: incidentId }, { executor }),
  };
}
