import { type ExpressionBuilder, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { z } from 'zod';
import type { Clock } from '../core/clock.js';
import { newId } from '../core/ids.js';
import type { Db, DialectName } from '../db/database.js';
import type { Executor } from '../db/database.js';

const STALE_MINUTES = 15;

/** A job kind: a payload schema (validated when enqueued and when run) and a handler. */
/** Long handlers call `heartbeat()` now and then so the job is not taken for a crashed one and run twice. */
export type JobContext = { heartbeat(): Promise<void> };
export type JobDefinition<P> = {
  kind: string;
  payload: z.ZodType<P>;
  handler: (payload: P, ctx: JobContext) => Promise<void>;
  maxAttempts?: number;
};

export type JobQueue = ReturnType<typeof createJobQueue>;

/**
 * DB-backed job queue. Claiming uses FOR UPDATE SKIP LOCKED on PostgreSQL so several workers share one
 * queue; on SQLite the single UPDATE…RETURNING runs under the database write lock.
 */
export function createJobQueue(deps: { db: Db; dialect: DialectName; clock: Clock; log: (msg: string, extra?: object) => void }) {
  const { db, dialect, clock, log } = deps;
  const definitions = new Map<string, JobDefinition<unknown>>();

  function define<P>(def: JobDefinition<P>) {
    definitions.set(def.kind, def as JobDefinition<unknown>);
  }

  /** Queues a job; pass the caller's transaction as `executor` so the job exists only if that change commits. */
  async function enqueue(kind: string, payload: unknown, runAt?: Date, id: string = newId(), executor: Executor = db) {
    const def = definitions.get(kind);
    if (!def) throw new Error(`Unknown job kind ${kind}`);
    const parsed: unknown = def.payload.parse(payload);
    const at = clock.now().toISOString();
    // A caller-chosen id (e.g. a time slot) makes scheduling idempotent across several workers.
    await executor
      .insertInto('jobs')
      .values({
        id,
        kind,
        payload_json: JSON.stringify(parsed),
        status: 'queued',
        run_at: (runAt ?? clock.now()).toISOString(),
        attempts: 0,
        last_error: null,
        locked_by: null,
        locked_at: null,
        created_at: at,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }

  async function claim(workerId: string) {
    const at = clock.now().toISOString();
    // A job still "running" after STALE_MINUTES belonged to a worker that crashed: claim it again.
    const staleBefore = new Date(clock.now().getTime() - STALE_MINUTES * 60_000).toISOString();
    const claimable = (eb: ExpressionBuilder<Database, 'jobs'>) =>
      eb.or([
        eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', at)]),
        eb.and([eb('status', '=', 'running'), eb('locked_at', '<', staleBefore)]),
      ]);
    const due = db.selectFrom('jobs').select('id').where(claimable).orderBy('run_at').limit(1);
    const row = await db
      .updateTable('jobs')
      .set({ status: 'running', locked_by: workerId, locked_at: at, attempts: sql`attempts + 1` })
      .where('id', '=', dialect === 'postgres' ? due.forUpdate().skipLocked() : due)
      .where(claimable)
      .returningAll()
      .executeTakeFirst();
    return row ?? null;
  }

  /** Runs due jobs until none is left; returns how many ran. Failed jobs retry with backoff. */
  async function runDue(workerId: string): Promise<number> {
    let ran = 0;
    for (let job = await claim(workerId); job; job = await claim(workerId)) {
      ran += 1;
      const def = definitions.get(job.kind);
      try {
        if (!def) throw new Error(`No handler for job kind ${job.kind}`);
        const heartbeat = async () => {
          await db
            .updateTable('jobs')
            .set({ locked_at: clock.now().toISOString() })
            .where('id', '=', job.id)
            .where('locked_by', '=', workerId)
            .execute();
        };
        await def.handler(def.payload.parse(JSON.parse(job.payload_json)), { heartbeat });
        await db
          .updateTable('jobs')
          .set({ status: 'done', last_error: null, locked_at: null })
          .where('id', '=', job.id)
          .where('locked_by', '=', workerId)
          .execute();
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        const giveUp = job.attempts >= (def?.maxAttempts ?? 5);
        const retryAt = new Date(clock.now().getTime() + 2 ** job.attempts * 30_000).toISOString();
        await db
          .updateTable('jobs')
          .set({
            status: giveUp ? 'failed' : 'queued',
            run_at: giveUp ? job.run_at : retryAt,
            last_error: message.slice(0, 2000),
            locked_by: null,
            locked_at: null,
          })
          .where('id', '=', job.id)
          .execute();
        log(`job ${job.kind} failed${giveUp ? ' permanently' : ', will retry'}`, { jobId: job.id, error: message });
      }
    }
    return ran;
  }

  /** Polls for due jobs every `intervalMs`; `schedule` runs each tick to enqueue periodic jobs. Returns a stop function. */
  function start(workerId: string, opts: { intervalMs?: number; schedule?: () => Promise<void> } = {}) {
    let stopped = false;
    let running: Promise<void> = Promise.resolve();
    const tick = async () => {
      try {
        await opts.schedule?.();
        await runDue(workerId);
      } catch (err) {
        log('worker tick failed', { error: err instanceof Error ? err.message : String(err) });
      }
    };
    const timer = setInterval(() => {
      if (!stopped) running = running.then(tick);
    }, opts.intervalMs ?? 2000);
    running = running.then(tick);
    return async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    };
  }

  return { define, enqueue, runDue, start };
}

/** Hourly maintenance: expired sessions are deleted so stolen old cookies are useless and the table stays small. */
export function defineMaintenanceJobs(queue: JobQueue, deps: { db: Db; clock: Clock }) {
  queue.define({
    kind: 'sessions.purge',
    payload: z.object({}),
    handler: async () => {
      await deps.db.deleteFrom('sessions').where('expires_at', '<=', deps.clock.now().toISOString()).execute();
    },
  });
  return async function schedule() {
    // One job id per hour slot: every worker tries to enqueue it, only the first insert wins.
    const slot = deps.clock.now().toISOString().slice(0, 13);
    await queue.enqueue('sessions.purge', {}, undefined, `sessions.purge:${slot}`);
  };
}
