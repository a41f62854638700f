import type { FastifyInstance, InjectOptions } from 'fastify';
import type { DialectName } from '../../src/db/database.js';
import type { Role } from '../../src/modules/auth/auth.permissions.js';
import { buildApp } from '../../src/server/app.js';
import { createActor, createTestServices, TEST_PASSWORD, type TestContext } from './services.js';

export type Session = { cookie: string; csrf: string; userId: string; email: string };

/** App over fresh services for app.inject() tests. */
export async function createTestApp(
  dialect: DialectName,
  opts: Parameters<typeof createTestServices>[1] = {},
): Promise<TestContext & { app: FastifyInstance }> {
  const ctx = await createTestServices(dialect, opts);
  const app = await buildApp(ctx.services);
  return {
    ...ctx,
    app,
    cleanup: async () => {
      await app.close();
      await ctx.cleanup();
    },
  };
}

/** Creates a user with `role` and logs in through the API, returning the cookie and CSRF token. */
export async function loginAs(app: FastifyInstance, ctx: TestContext, role: Role): Promise<Session> {
  const actor = await createActor(ctx.services, role);
  // Each test login comes from its own address, so the per-address login rate limit is not shared.
  const remoteAddress = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`;
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email: actor.email, password: TEST_PASSWORD },
    remoteAddress,
  });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'bd_session')!;
  return {
    cookie: `bd_session=${cookie.value}`,
    csrf: res.json<{ csrf_token: string }>().csrf_token,
    userId: actor.userId,
    email: actor.email,
  };
}

/** inject() as a logged-in user: adds the session cookie and, for writes, the CSRF header. */
export function as(app: FastifyInstance, session: Session) {
  return (opts: InjectOptions) =>
    app.inject({ ...opts, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, ...(opts.headers ?? {}) } });
}
