import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServices, dialects, type TestContext } from '../../../tests/helpers/services.js';

describe.each(dialects)('audit chain on %s', (dialect) => {
  let ctx: TestContext;
  const system = { kind: 'system' as const, label: 'test' };

  beforeAll(async () => {
    ctx = await createTestServices(dialect);
  });
  afterAll(async () => ctx.cleanup());

  const append = (n: number, action = 'test.event') =>
    Promise.all(
      Array.from({ length: n }, (_, i) =>
        ctx.services.audit.recordRead(system, { action, entityType: 'thing', entityId: String(i), details: { i } }),
      ),
    );

  it('verifies an intact chain, also after many concurrent writers', async () => {
    await append(40);
    const result = await ctx.services.audit.verify(system);
    expect(result).toMatchObject({ ok: true });
    const head = await ctx.services.audit.exportHead(system);
    expect(head.count).toBe(result.ok ? result.count : -1);
  });

  it('names the first edited entry', async () => {
    await append(5);
    await ctx.services.db.updateTable('audit_entries').set({ actor_label: 'mallory' }).where('seq', '=', 3).execute();
    const result = await ctx.services.audit.verify(system);
    expect(result).toMatchObject({ ok: false, firstBadSeq: 3 });
    await ctx.services.db.updateTable('audit_entries').set({ actor_label: 'system:test' }).where('seq', '=', 3).execute();
    expect((await ctx.services.audit.verify(system)).ok).toBe(true);
  });

  it('detects a deleted entry and a deleted tail', async () => {
    const before = await ctx.services.audit.exportHead(system);
    await append(3);
    const row = await ctx.services.db.selectFrom('audit_entries').selectAll().where('seq', '=', 2).executeTakeFirstOrThrow();
    await ctx.services.db.deleteFrom('audit_entries').where('seq', '=', 2).execute();
    expect(await ctx.services.audit.verify(system)).toMatchObject({ ok: false, firstBadSeq: 2 });
    await ctx.services.db.insertInto('audit_entries').values(row).execute();

    await ctx.services.db.deleteFrom('audit_entries').where('seq', '>', before.count).execute();
    expect(await ctx.services.audit.verify(system)).toMatchObject({ ok: false, firstBadSeq: before.count + 1 });
  });
});
