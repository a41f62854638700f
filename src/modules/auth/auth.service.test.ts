import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActor, createTestServices, dialects, TEST_PASSWORD, type TestContext } from '../../../tests/helpers/services.js';

describe.each(dialects)('operator password reset on %s', (dialect) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestServices(dialect);
  });
  afterAll(async () => ctx.cleanup());

  it('resets a disabled user for the CLI operator only, audited', async () => {
    const { auth } = ctx.services;
    const admin = await createActor(ctx.services, 'admin');
    const target = await createActor(ctx.services, 'viewer', 'reset-me@example.com');
    const user = await auth.listUsers(admin).then((us) => us.find((u) => u.id === target.userId)!);
    await auth.updateUser(admin, target.userId, { version: user.version, disabled: true });
    const operator = { kind: 'system', label: 'cli' } as const;
    const fresh = 'a brand new long password';

    await expect(auth.resetPasswordByOperator(admin, { email: 'reset-me@example.com', password: fresh })).rejects.toThrow(/operator/);
    await expect(auth.resetPasswordByOperator(operator, { email: 'reset-me@example.com', password: 'short' })).rejects.toThrow();
    expect(await auth.resetPasswordByOperator(operator, { email: 'nobody@example.com', password: fresh })).toBeNull();

    const reset = await auth.resetPasswordByOperator(operator, { email: 'Reset-Me@example.com', password: fresh });
    expect(reset?.id).toBe(target.userId);
    await expect(auth.login({ email: 'reset-me@example.com', password: TEST_PASSWORD })).rejects.toThrow();
    const session = await auth.login({ email: 'reset-me@example.com', password: fresh });
    expect(session).toBeTruthy();
    const audited = await ctx.services.audit.list(admin, { limit: 20 });
    expect(JSON.stringify(audited)).toContain('user.password_reset');
  });
});
