import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs } from '../../../tests/helpers/http.js';
import { createActor, dialects, TEST_PASSWORD } from '../../../tests/helpers/services.js';

describe.each(dialects)('auth routes on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp(dialect, { setupToken: 'setup-secret-token' });
  });
  afterAll(async () => t.cleanup());

  it('first-admin setup needs the setup token and works only once', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/setup' })).json()).toEqual({ needed: true });
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/setup',
      payload: { setup_token: 'nope', email: 'boss@shop.example', password: 'a very long password' },
    });
    expect(wrong.statusCode).toBe(403);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/setup',
      payload: { setup_token: 'setup-secret-token', email: 'Boss@Shop.example', password: 'a very long password' },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().user).toMatchObject({ email: 'boss@shop.example', role: 'admin' });
    expect(ok.json().user.password_hash).toBeUndefined();
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/setup',
      payload: { setup_token: 'setup-secret-token', email: 'x@shop.example', password: 'a very long password' },
    });
    expect(again.statusCode).toBe(409);
  });

  it('logs in with a secure session cookie and rejects a wrong password without saying which part was wrong', async () => {
    const actor = await createActor(t.services, 'lead');
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: actor.email, password: 'wrong password!!' },
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.message).toBe('Email, password or code is wrong');
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'ghost@shop.example', password: 'wrong password!!' },
    });
    expect(unknown.json().error.message).toBe(bad.json().error.message);
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: actor.email, password: TEST_PASSWORD } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'bd_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const session = await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: `bd_session=${cookie.value}` } });
    expect(session.json().user.email).toBe(actor.email);
    expect(session.json().csrf_token).toBe(res.json().csrf_token);
  });

  it('locks an account after repeated failures', async () => {
    const actor = await createActor(t.services, 'support');
    for (let i = 0; i < 5; i++) {
      await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: actor.email, password: 'wrong password!!' },
        remoteAddress: `10.0.0.${i}`,
      });
    }
    const locked = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: actor.email, password: TEST_PASSWORD },
      remoteAddress: '10.0.1.1',
    });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.message).toMatch(/Too many failed logins/);
  });

  it('rate-limits login attempts per client address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'nobody@shop.example', password: 'x' },
        remoteAddress: '10.9.9.9',
      });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(codes.at(-1)).toBe(429);
  });

  it('requires the CSRF token for cookie-authenticated writes', async () => {
    const s = await loginAs(t.app, t, 'admin');
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { cookie: s.cookie },
      payload: { name: 'x', scope: 'read' },
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.message).toMatch(/CSRF/);
    const withCsrf = await as(t.app, s)({ method: 'POST', url: '/api/tokens', payload: { name: 'x', scope: 'read' } });
    expect(withCsrf.statusCode).toBe(201);
  });

  it('API tokens: hashed at rest, scoped, revocable', async () => {
    const s = await loginAs(t.app, t, 'lead');
    const created = await as(
      t.app,
      s,
    )({ method: 'POST', url: '/api/tokens', payload: { name: 'script', scope: 'read', expires_in_days: 30 } });
    const { token, info } = created.json<{ token: string; info: { id: string; prefix: string } }>();
    expect(token.startsWith(info.prefix)).toBe(true);
    const stored = await t.services.db.selectFrom('api_tokens').selectAll().where('id', '=', info.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await t.app.inject({ method: 'GET', url: '/api/incidents', headers: bearer })).statusCode).toBe(200);
    const write = await t.app.inject({ method: 'POST', url: '/api/incidents', headers: bearer, payload: { title: 'x' } });
    expect(write.statusCode).toBe(403);
    expect((await as(t.app, s)({ method: 'DELETE', url: `/api/tokens/${info.id}` })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/incidents', headers: bearer })).statusCode).toBe(401);
    const listed = await as(t.app, s)({ method: 'GET', url: '/api/tokens' });
    expect(listed.json().tokens[0]).toMatchObject({ id: info.id, revoked: true });
    expect(JSON.stringify(listed.json())).not.toContain('token_hash');
  });

  it('a read-only token cannot touch account security; turning TOTP off needs the password', async () => {
    const s = await loginAs(t.app, t, 'lead');
    const { token } = (await as(t.app, s)({ method: 'POST', url: '/api/tokens', payload: { name: 'ro', scope: 'read' } })).json();
    const bearer = { authorization: `Bearer ${token}` };
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/totp/setup', headers: bearer })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/totp/disable', headers: bearer, payload: {} })).statusCode).toBe(403);
    const { secret } = (await as(t.app, s)({ method: 'POST', url: '/api/auth/totp/setup' })).json();
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
    await as(t.app, s)({ method: 'POST', url: '/api/auth/totp/enable', payload: { code: totp.generate() } });
    expect((await as(t.app, s)({ method: 'POST', url: '/api/auth/totp/setup' })).statusCode).toBe(409);
    expect((await as(t.app, s)({ method: 'POST', url: '/api/auth/totp/disable', payload: {} })).statusCode).toBe(400);
    expect(
      (await as(t.app, s)({ method: 'POST', url: '/api/auth/totp/disable', payload: { current_password: TEST_PASSWORD } })).statusCode,
    ).toBe(200);
  });

  it('does not keep the typed email of a failed login in the permanent audit log', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'typo.person@example.org', password: 'whatever123' },
      remoteAddress: '10.3.0.1',
    });
    const rows = await t.services.db.selectFrom('audit_entries').select('data_json').where('action', '=', 'auth.login_failed').execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain('typo.person');
  });

  it('TOTP: enrol, then login needs the code', async () => {
    const s = await loginAs(t.app, t, 'legal');
    const setup = await as(t.app, s)({ method: 'POST', url: '/api/auth/totp/setup' });
    const { secret } = setup.json<{ secret: string }>();
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
    expect(
      (
        await as(
          t.app,
          s,
        )({ method: 'POST', url: '/api/auth/totp/enable', payload: { code: '000000' === totp.generate() ? '111111' : '000000' } })
      ).statusCode,
    ).toBe(400);
    expect((await as(t.app, s)({ method: 'POST', url: '/api/auth/totp/enable', payload: { code: totp.generate() } })).statusCode).toBe(200);
    const noCode = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: s.email, password: TEST_PASSWORD },
      remoteAddress: '10.2.0.1',
    });
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().error.details).toEqual({ totp_required: true });
    const withCode = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: s.email, password: TEST_PASSWORD, totp: totp.generate() },
      remoteAddress: '10.2.0.2',
    });
    expect(withCode.statusCode).toBe(200);
  });

  it('only admins manage users; stale versions conflict', async () => {
    const admin = await loginAs(t.app, t, 'admin');
    const viewer = await loginAs(t.app, t, 'viewer');
    expect(
      (await as(t.app, viewer)({ method: 'POST', url: '/api/users', payload: { email: 'new@shop.example', role: 'support' } })).statusCode,
    ).toBe(403);
    const created = await as(t.app, admin)({ method: 'POST', url: '/api/users', payload: { email: 'new@shop.example', role: 'support' } });
    expect(created.statusCode).toBe(201);
    expect(created.json().generated_password).toMatch(/^[a-z2-7-]{20,}$/);
    const id = created.json().user.id as string;
    const upd = await as(t.app, admin)({ method: 'PATCH', url: `/api/users/${id}`, payload: { version: 1, role: 'comms' } });
    expect(upd.json()).toMatchObject({ role: 'comms', version: 2 });
    const stale = await as(t.app, admin)({ method: 'PATCH', url: `/api/users/${id}`, payload: { version: 1, disabled: true } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.details).toMatchObject({ current_version: 2 });
    const bad = await as(t.app, admin)({ method: 'POST', url: '/api/users', payload: { email: 'not-an-email', role: 'king' } });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.details.map((d: { path: string }) => d.path)
        .sort(),
    ).toEqual(['body.email', 'body.role']);
  });

  it('logout ends the session', async () => {
    const s = await loginAs(t.app, t, 'engineer');
    expect((await as(t.app, s)({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(200);
    expect((await as(t.app, s)({ method: 'GET', url: '/api/auth/session' })).statusCode).toBe(401);
  });

  it('password change checks the current password and length', async () => {
    const s = await loginAs(t.app, t, 'comms');
    const wrong = await as(
      t.app,
      s,
    )({ method: 'POST', url: '/api/auth/password', payload: { current_password: 'nope', new_password: 'another long password' } });
    expect(wrong.statusCode).toBe(400);
    const short = await as(
      t.app,
      s,
    )({ method: 'POST', url: '/api/auth/password', payload: { current_password: TEST_PASSWORD, new_password: 'short' } });
    expect(short.statusCode).toBe(400);
    const ok = await as(
      t.app,
      s,
    )({ method: 'POST', url: '/api/auth/password', payload: { current_password: TEST_PASSWORD, new_password: 'another long password' } });
    expect(ok.statusCode).toBe(200);
  });
});
