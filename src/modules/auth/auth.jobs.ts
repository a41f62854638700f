import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../db/database.js';
import type { JobQueue } from '../../jobs/jobs.js';
import { deleteExpiredSessions } from './auth.repository.js';

/** Auth's jobs: an hourly purge of expired sessions (the table stays small, old cookies stay useless). */
export function defineAuthJobs(queue: JobQueue, deps: { db: Db; clock: Clock }) {
  const purge = queue.define({
    kind: 'sessions.purge',
    payload: z.object({}).strict(),
    handler: async () => void (await deleteExpiredSessions(deps.db, deps.clock.now().toISOString())),
  });
  queue.every(purge, 'hour');
}
