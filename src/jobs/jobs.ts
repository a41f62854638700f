import { type ExpressionBuilder, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import type { z } from 'zod';
import type { Clock } from '../core/clock.js';
import { newId } from '../core/ids.js';
import type { Db, DialectName, Executor } from '../db/database.js';

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
/** What `define` returns: the handle `enqueue` takes, so a payload is typed by its job kind. */
export type JobKind<P> = { readonly kind: string; readonly payload: z.ZodType<P> };
export type EnqueueOptions = {
  /** When the job becomes due (default: now). */
  runAt?: Date;
  /** A caller-chosen id (e.g. a time slot) makes enqueueing idempotent across several workers. */
  id?: string;
  /** The caller's transaction: the job then exists only if that change commits (outbox). */
  executor?: Executor;
};
/** A job enqueued by every worker tick, once per time slot (the slot is part of its id, so only one insert wins). */
export type PeriodicJob = { job: JobKind<Record<string, never>>; every: 'minute' | 'hour' };

export type JobQueue = ReturnType<typeof createJobQueue>;

/**
 * DB-backed job queue. Claiming uses FOR UPDATE SKIP LOCKED on PostgreSQL so several workers share one
 * queue; on SQLite the single UPDATE…RETURNING runs under the database write lock.
 */
export function createJobQueue(deps: { db: Db; dialect: DialectName; clock: Clock; log: (msg: string, extra?: object) => void }) {
  const { db, dialect, clock, log } = deps;
  const definitions = new Map<string, JobDefinition<unknown>>();
  const periodic: PeriodicJob[] = [];

  /** Registers a job kind (modules do this in their x.jobs.ts); a kind defined twice is a wiring bug. */
  function define<P>(def: JobDefinition<P>): JobKind<P> {
    if (definitions.has(def.kind)) throw new Error(`Job kind ${def.kind} is defined twice`);
    definitions.set(def.kind, def as JobDefinition<unknown>);
    return { kind: def.kind, payload: def.payload };
  }

  /** Queues a job of a defined kind; its payload is validated now and again when it runs. */
  async function enqueue<P>(job: JobKind<P>, payload: P, opts: EnqueueOptions = {}) {
    const { kind } = job;
    const def = definitions.get(kind);
    if (!def) throw new Error(`Unknown job kind ${kind}`);
    const parsed: unknown = def.payload.parse(payload);
    const at = clock.now().toISOString();
    const { runAt, id = newId(), executor = db } = opts;
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

  /** Registers a periodic job; `schedulePeriodic` (each worker tick) enqueues it once per slot. */
  function every(job: PeriodicJob['job'], slot: PeriodicJob['every']) {
    periodic.push({ job, every: slot });
  }

  async function schedulePeriodic() {
    const now = clock.now().toISOString();
    for (const p of periodic) {
      const slot = now.slice(0, p.every === 'hour' ? 13 : 16);
      await enqueue(p.job, {}, { id: `${p.job.kind}:${slot}` });
    }
  }

  /** Polls for due jobs every `intervalMs`, enqueueing periodic jobs first. Returns a stop function. */
  function start(workerId: string, opts: { intervalMs?: number } = {}) {
    let stopped = false;
    let running: Promise<void> = Promise.resolve();
    const tick = async () => {
      try {
        await schedulePeriodic();
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

  return { define, enqueue, every, schedulePeriodic, runDue, start };
}
