import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, SESSION_COOKIE } from '../../server/auth-hook.js';
import { roles } from './auth.permissions.js';
import { type AuthService, SESSION_HOURS } from './auth.service.js';

const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  display_name: z.string(),
  role: z.enum(roles),
  totp_enabled: z.boolean(),
  disabled: z.boolean(),
  created_at: z.string(),
  version: z.number(),
});
const tokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scope: z.enum(['full', 'read']),
  created_at: z.string(),
  expires_at: z.string().nullable(),
  last_used_at: z.string().nullable(),
  revoked: z.boolean(),
});
const sessionSchema = z.object({ user: userSchema, csrf_token: z.string() });
const ok = z.object({ ok: z.literal(true) });

/** Login, session, setup, users (admin) and personal API tokens. */
export async function authRoutes(app: FastifyInstance, deps: { auth: AuthService; secureCookies: boolean }) {
  const { auth } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: deps.secureCookies,
    maxAge: SESSION_HOURS * 3600,
  };

  r.get('/setup', { schema: { tags: ['auth'], response: { 200: z.object({ needed: z.boolean() }) } } }, async () => ({
    needed: await auth.needsSetup(),
  }));

  r.post(
    '/setup',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        description: 'Creates the first admin. Only works while no user exists; needs the setup token printed in the server log.',
        body: z.object({
          setup_token: z.string().min(1).max(200),
          email: z.email().max(320),
          password: z.string().max(1000),
          display_name: z.string().max(200).optional(),
        }),
        response: { 201: z.object({ user: userSchema }) },
      },
    },
    async (req, reply) => {
      const { user } = await auth.setupFirstAdmin({
        setupToken: req.body.setup_token,
        email: req.body.email,
        password: req.body.password,
        displayName: req.body.display_name,
      });
      return reply.status(201).send({ user });
    },
  );

  r.post(
    '/auth/login',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        body: z.object({ email: z.string().max(320), password: z.string().max(1000), totp: z.string().max(12).optional() }),
        response: { 200: sessionSchema },
      },
    },
    async (req, reply) => {
      const { token, csrfToken, user } = await auth.login(req.body);
      reply.setCookie(SESSION_COOKIE, token, cookieOptions);
      return { user, csrf_token: csrfToken };
    },
  );

  r.post('/auth/logout', { schema: { tags: ['auth'], response: { 200: ok } } }, async (req, reply) => {
    const cookie = req.cookies[SESSION_COOKIE];
    if (cookie && req.actor) await auth.logout(cookie);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  r.get('/auth/session', { schema: { tags: ['auth'], response: { 200: sessionSchema } } }, async (req) => {
    const user = await auth.me(actorOf(req));
    return { user, csrf_token: req.csrfToken ?? '' };
  });

  r.post(
    '/auth/password',
    {
      schema: {
        tags: ['auth'],
        body: z.object({ current_password: z.string().max(1000), new_password: z.string().max(1000) }),
        response: { 200: ok },
      },
    },
    async (req) => {
      await auth.changePassword(actorOf(req), { currentPassword: req.body.current_password, newPassword: req.body.new_password });
      return { ok: true as const };
    },
  );

  r.post(
    '/auth/totp/setup',
    { schema: { tags: ['auth'], response: { 200: z.object({ secret: z.string(), otpauth_uri: z.string() }) } } },
    async (req) => auth.beginTotp(actorOf(req)),
  );
  r.post(
    '/auth/totp/enable',
    { schema: { tags: ['auth'], body: z.object({ code: z.string().max(12) }), response: { 200: ok } } },
    async (req) => {
      await auth.enableTotp(actorOf(req), req.body.code);
      return { ok: true as const };
    },
  );
  r.post(
    '/auth/totp/disable',
    {
      schema: {
        tags: ['auth'],
        description: 'Turn off your own second factor (needs current_password), or, as admin, another user’s (user_id).',
        body: z.object({ user_id: z.uuid().optional(), current_password: z.string().max(1000).optional() }),
        response: { 200: ok },
      },
    },
    async (req) => {
      await auth.disableTotp(actorOf(req), { userId: req.body.user_id, currentPassword: req.body.current_password });
      return { ok: true as const };
    },
  );

  r.get('/users', { schema: { tags: ['users'], response: { 200: z.object({ users: z.array(userSchema) }) } } }, async (req) => ({
    users: await auth.listUsers(actorOf(req)),
  }));

  r.post(
    '/users',
    {
      schema: {
        tags: ['users'],
        body: z.object({
          email: z.email().max(320),
          role: z.enum(roles),
          display_name: z.string().max(200).optional(),
          password: z.string().max(1000).optional(),
        }),
        response: { 201: z.object({ user: userSchema, generated_password: z.string().optional() }) },
      },
    },
    async (req, reply) => {
      const { user, generatedPassword } = await auth.createUser(actorOf(req), {
        email: req.body.email,
        role: req.body.role,
        displayName: req.body.display_name,
        password: req.body.password,
      });
      return reply.status(201).send({ user, generated_password: generatedPassword });
    },
  );

  r.patch(
    '/users/:id',
    {
      schema: {
        tags: ['users'],
        params: z.object({ id: z.uuid() }),
        body: z.object({
          version: z.number().int().min(1),
          role: z.enum(roles).optional(),
          disabled: z.boolean().optional(),
          display_name: z.string().min(1).max(200).optional(),
        }),
        response: { 200: userSchema },
      },
    },
    async (req) =>
      auth.updateUser(actorOf(req), req.params.id, {
        version: req.body.version,
        role: req.body.role,
        disabled: req.body.disabled,
        displayName: req.body.display_name,
      }),
  );

  r.get('/tokens', { schema: { tags: ['tokens'], response: { 200: z.object({ tokens: z.array(tokenSchema) }) } } }, async (req) => ({
    tokens: await auth.listApiTokens(actorOf(req)),
  }));

  r.post(
    '/tokens',
    {
      schema: {
        tags: ['tokens'],
        description: 'Creates a personal API token. The token is shown once; only its hash is stored.',
        body: z.object({
          name: z.string().trim().min(1).max(100),
          scope: z.enum(['full', 'read']).default('read'),
          expires_in_days: z.number().int().min(1).max(3650).optional(),
        }),
        response: { 201: z.object({ token: z.string(), info: tokenSchema }) },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(
          await auth.createApiToken(actorOf(req), { name: req.body.name, scope: req.body.scope, expiresInDays: req.body.expires_in_days }),
        ),
  );

  r.delete('/tokens/:id', { schema: { tags: ['tokens'], params: z.object({ id: z.uuid() }), response: { 200: ok } } }, async (req) => {
    await auth.revokeApiToken(actorOf(req), req.params.id);
    return { ok: true as const };
  });
}
