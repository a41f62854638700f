import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestServices, dialects, testClock, type TestContext } from '../../tests/helpers/services.js';

describe.each(dialects)('job queue on %s', (dialect) => {
  let ctx: TestContext;
  const clock = testClock('2026-03-02T15:00:00.000Z');
  beforeAll(async () => {
    ctx = await createTestServices(dialect, { clock });
  });
  afterAll(async () => ctx.cleanup());

  it('runs due jobs once, retries failures with backoff, validates payloads', async () => {
    const seen: number[] = [];
    let failOnce = true;
    const collect = ctx.services.jobs.define({
      kind: 'test.collect',
      payload: z.object({ n: z.number() }),
      handler: async ({ n }) => {
        if (n === 3 && failOnce) {
          failOnce = false;
          throw new Error('transient');
        }
        seen.push(n);
      },
    });
    // A payload that fails its schema is refused when enqueued (callers outside TypeScript's view, e.g. JSON).
    await expect(ctx.services.jobs.enqueue(collect, { n: 'x' } as unknown as { n: number })).rejects.toThrow();
    for (const n of [1, 2, 3]) await ctx.services.jobs.enqueue(collect, { n });
    await ctx.services.jobs.enqueue(collect, { n: 4 }, { runAt: new Date('2026-03-02T16:00:00Z') });
    expect(await ctx.services.jobs.runDue('w1')).toBe(3);
    expect(seen.sort()).toEqual([1, 2]);
    const failed = await ctx.services.db.selectFrom('jobs').selectAll().where('status', '=', 'queued').orderBy('run_at').execute();
    expect(failed.map((j) => [JSON.parse(j.payload_json).n, j.attempts, j.last_error])).toEqual([
      [3, 1, 'transient'],
      [4, 0, null],
    ]);
    clock.advance(61 * 60_000);
    expect(await ctx.services.jobs.runDue('w1')).toBe(2);
    expect(seen.sort()).toEqual([1, 2, 3, 4]);
  });

  it('two workers never run the same job twice', async () => {
    const runs: string[] = [];
    const once = ctx.services.jobs.define({
      kind: 'test.once',
      payload: z.object({ id: z.string() }),
      handler: async ({ id }) => void runs.push(id),
    });
    for (let i = 0; i < 30; i++) await ctx.services.jobs.enqueue(once, { id: String(i) });
    await Promise.all([ctx.services.jobs.runDue('a'), ctx.services.jobs.runDue('b')]);
    expect(runs.sort()).toEqual(Array.from({ length: 30 }, (_, i) => String(i)).sort());
  });

  it('refuses a job kind defined twice (two modules claiming one kind is a wiring bug)', () => {
    expect(() => ctx.services.jobs.define({ kind: 'mail.send', payload: z.object({}), handler: async () => {} })).toThrow(/defined twice/);
  });

  it('schedules the hourly session purge idempotently and deletes expired sessions', async () => {
    const { services } = ctx;
    const user = await services.auth.createUser(
      { kind: 'system', label: 'test' },
      { email: 'purge@example.com', role: 'viewer', password: 'a long enough password' },
    );
    await services.db
      .insertInto('sessions')
      .values({
        id: 'old',
        token_hash: 'h-old',
        user_id: user.user.id,
        csrf_token: 'c',
        created_at: '2026-01-01T00:00:00.000Z',
        expires_at: '2026-01-01T12:00:00.000Z',
        last_seen_at: '2026-01-01T00:00:00.000Z',
      })
      .execute();
    await services.jobs.schedulePeriodic();
    await services.jobs.schedulePeriodic();
    const slots = await services.db.selectFrom('jobs').select('id').where('kind', '=', 'sessions.purge').execute();
    expect(slots).toHaveLength(1);
    await services.jobs.runDue('w');
    expect(await services.db.selectFrom('sessions').select('id').where('id', '=', 'old').executeTakeFirst()).toBeUndefined();
  });
});
