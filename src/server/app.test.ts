import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../tests/helpers/http.js';
import { dialects } from '../../tests/helpers/services.js';

describe.each(dialects)('system routes on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.cleanup());

  it('reports health with the database reachable', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('serves the OpenAPI document and the docs UI', async () => {
    const spec = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(spec.json().openapi).toMatch(/^3\./);
    expect(Object.keys(spec.json().paths)).toEqual(
      expect.arrayContaining(['/api/incidents', '/api/incidents/{id}/timeline', '/api/audit/verify']),
    );
    const docs = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toMatch(/swagger/i);
  });

  it('answers unknown API routes with a JSON 404 and malformed JSON with a 400, never a stack trace', async () => {
    const missing = await t.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NOT_FOUND');
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.body).not.toMatch(/node_modules|\.ts:\d+/);
  });

  it('serves the admin SPA for client-side routes', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/incidents/some-id' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('<div id="root">');
  });

  it('runs the admin auth hook only inside the /api scope', async () => {
    // A bad token is refused on an admin route but ignored by pages outside /api (the coming public scope).
    const api = await t.app.inject({ method: 'GET', url: '/api/incidents', headers: { authorization: 'Bearer nope' } });
    expect(api.statusCode).toBe(401);
    const page = await t.app.inject({ method: 'GET', url: '/incidents/some-id', headers: { authorization: 'Bearer nope' } });
    expect(page.statusCode).toBe(200);
  });
});
