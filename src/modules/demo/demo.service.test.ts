import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActor, createTestServices, dialects, type TestContext } from '../../../tests/helpers/services.js';

describe.each(dialects)('demo drill on %s', (dialect) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestServices(dialect);
  });
  afterAll(async () => ctx.cleanup());

  it('seeds the e-commerce story once, with timeline, approved decision, checklist and tasks', async () => {
    const admin = await createActor(ctx.services, 'admin');
    await expect(ctx.services.demo.seed(await createActor(ctx.services, 'lead'))).rejects.toThrow(/may not perform demo.seed/);
    const first = await ctx.services.demo.seed(admin);
    const second = await ctx.services.demo.seed(admin);
    expect(second).toEqual({ incidentId: first.incidentId, created: false });
    const { incidents, decisions, checklist, tasks } = ctx.services;
    const incident = await incidents.getIncident(admin, first.incidentId);
    expect(incident).toMatchObject({ kind: 'drill', severity: 'critical', status: 'confirmed_breach' });
    expect(incident.aware_at).not.toBeNull();
    const timeline = await incidents.listTimeline(admin, first.incidentId, {});
    expect(timeline.some((e) => e.text.includes('CIO alerts the vice-president'))).toBe(true);
    const [decision] = await decisions.list(admin, first.incidentId);
    expect(decision).toMatchObject({ question: 'Take the storefront offline?', status: 'approved', chosen_option: 'offline' });
    const answered = (await checklist.list(admin, first.incidentId)).filter((i) => i.answer);
    expect(answered.map((i) => i.key)).toEqual(['when', 'how', 'what_data']);
    expect((await tasks.listTasks(admin, first.incidentId)).length).toBe(5);
    const board = await ctx.services.obligations.list(admin, first.incidentId);
    expect(board.obligations.find((o) => o.rule_id === 'eu-gdpr.supervisory_authority')).toMatchObject({
      required: 'decide',
      status: 'open',
    });
    // The drill's customer master and leaked files: scanned by the worker, the register replaces the estimate.
    expect(first.scopingRunId).toBeDefined();
    await ctx.services.jobs.runDue('test-worker');
    const scope = await ctx.services.scoping.summary(admin, first.incidentId);
    expect(scope.runs[0]).toMatchObject({ status: 'done' });
    expect(scope.affected_customers).toBeGreaterThan(500);
    expect(scope.unmatched_people).toBeGreaterThan(0);
    const facts = await ctx.services.obligations.getFacts(admin, first.incidentId);
    expect(facts!.facts.affected.reduce((n, g) => n + g.count, 0)).toBeLessThanOrEqual(scope.affected_customers);
    expect(facts!.facts.affected.some((g) => g.jurisdiction === 'DE')).toBe(true);
    expect((await ctx.services.audit.verify(admin)).ok).toBe(true);
  });
});

describe.each(dialects)('system actors on %s', (dialect) => {
  it('a system actor (CLI, worker) can open an incident; it is attributed to the first admin', async () => {
    const ctx = await createTestServices(dialect);
    try {
      const admin = await createActor(ctx.services, 'admin');
      const incident = await ctx.services.incidents.createIncident(
        { kind: 'system', label: 'cli' },
        { title: 'From a script', summary: '', kind: 'real', severity: 'high' },
      );
      const row = await ctx.services.db
        .selectFrom('incidents')
        .select('created_by')
        .where('id', '=', incident.id)
        .executeTakeFirstOrThrow();
      expect(row.created_by).toBe(admin.userId);
    } finally {
      await ctx.cleanup();
    }
  });
});
