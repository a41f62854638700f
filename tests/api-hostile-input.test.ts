import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session } from './helpers/http.js';
import { dialects } from './helpers/services.js';

type Operation = {
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
};

/** Strings a hostile or careless client sends: numbers in odd notations, JSON literals, huge and control-laden text. */
const hostile = fc.oneof(
  fc.constantFrom(
    '-1',
    'NaN',
    '[]',
    '{}',
    'null',
    '0x7fffffffffffffff',
    '1e309',
    '',
    ' ',
    '\u0000',
    '%00',
    "' OR 1=1 --",
    '../../etc/passwd',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ minLength: 2000, maxLength: 6000 }),
);

/**
 * Every query and JSON-body field of every admin route, taken from the OpenAPI document (so a new route
 * is covered without editing this test), gets arbitrary strings as an admin: the answer may be any 2xx,
 * 4xx, never a 500. Path parameters get a well-formed unknown id so the handler itself runs.
 */
describe.each(dialects)('hostile input on every route on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let admin: Session;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await loginAs(t.app, t, 'admin');
  });
  afterAll(async () => t.cleanup());

  it('answers no 500 to arbitrary strings in any query or body field', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, Operation>>;
    }>();
    const req = as(t.app, admin);
    const targets: Array<{ method: string; url: string; where: 'query' | 'body'; field: string }> = [];
    for (const [route, methods] of Object.entries(spec.paths)) {
      // Signing out or changing one's own password would end the admin session the other cases use.
      if (/auth\/(logout|password)|totp|setup/.test(route)) continue;
      const url = route.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      for (const [method, op] of Object.entries(methods)) {
        for (const p of op.parameters ?? []) if (p.in === 'query') targets.push({ method, url, where: 'query', field: p.name });
        const props = op.requestBody?.content?.['application/json']?.schema?.properties ?? {};
        for (const field of Object.keys(props)) targets.push({ method, url, where: 'body', field });
      }
    }
    expect(targets.length).toBeGreaterThan(40);
    const failures: string[] = [];
    for (const target of targets) {
      await fc
        .assert(
          fc.asyncProperty(hostile, async (value) => {
            const res = await req({
              method: target.method.toUpperCase(),
              url: target.where === 'query' ? `${target.url}?${new URLSearchParams({ [target.field]: value })}` : target.url,
              ...(target.where === 'body' ? { payload: { [target.field]: value } } : {}),
            });
            if (res.statusCode >= 500)
              failures.push(
                `${target.method} ${target.url} ${target.where}.${target.field}=${JSON.stringify(value.slice(0, 40))}: ${res.body.slice(0, 200)}`,
              );
            return res.statusCode < 500;
          }),
          { numRuns: 15, seed: 20261207 },
        )
        .catch(() => undefined);
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it('names the field when a customer search value cannot be used', async () => {
    const req = as(t.app, admin);
    for (const [q, field] of [
      ['phone=-1', 'phone'],
      ['phone=NaN', 'phone'],
      ['phone=%5B%5D', 'phone'],
      ['name=%7B%7D&postal_code=null', 'name'],
      ['phone=0x7fffffffffffffff', 'phone'],
    ] as const) {
      const res = await req({ method: 'GET', url: `/api/customers/search?${q}` });
      expect(res.statusCode, q).toBe(400);
      expect(JSON.stringify(res.json().error.details), q).toContain(field);
    }
  });
});
