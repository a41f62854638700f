import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session } from '../../../tests/helpers/http.js';
import { multipart } from '../../../tests/helpers/multipart.js';
import { dialects, type TestContext } from '../../../tests/helpers/services.js';
import type { FastifyInstance } from 'fastify';

const shop = readFileSync('tests/fixtures/customers/shop.csv');

describe.each(dialects)('customer routes on %s', (dialect) => {
  let t: TestContext & { app: FastifyInstance };
  let lead: Session;
  let support: Session;
  let viewer: Session;
  beforeAll(async () => {
    t = await createTestApp(dialect, { env: { BREACHDESK_MAX_UPLOAD_MB: '1' } });
    lead = await loginAs(t.app, t, 'lead');
    support = await loginAs(t.app, t, 'support');
    viewer = await loginAs(t.app, t, 'viewer');
  });
  afterAll(async () => t.cleanup());

  const upload = (session: Session, content: Buffer | string, fields: Record<string, string> = {}, name = 'shop.csv') => {
    const body = multipart({ name, content, type: 'text/csv' }, fields);
    return as(t.app, session)({ method: 'POST', url: '/api/customers/imports', ...body });
  };

  it('previews with dry_run (200, nothing stored), then imports (201) and lists the import', async () => {
    const dry = await upload(lead, shop, { dry_run: 'true' });
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ dry_run: true, import_id: null, inserted: 6, skipped: { missing_id: 1, duplicate_id: 1 } });
    expect((await as(t.app, lead)({ method: 'GET', url: '/api/customers/summary' })).json()).toEqual({ total: 0, jurisdictions: [] });

    const res = await upload(lead, shop);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      file: 'shop.csv',
      inserted: 6,
      bad_rows: [
        { line: 5, reason: 'missing_id' },
        { line: 7, reason: 'duplicate_id' },
      ],
    });
    const list = await as(t.app, viewer)({ method: 'GET', url: '/api/customers/imports' });
    expect(list.statusCode).toBe(200);
    expect(list.json().imports).toEqual([expect.objectContaining({ file_name: 'shop.csv', status: 'done', inserted: 6, skipped: 2 })]);
    const summary = await as(t.app, viewer)({ method: 'GET', url: '/api/customers/summary' });
    expect(summary.json()).toMatchObject({ total: 6, jurisdictions: expect.arrayContaining([{ jurisdiction: 'US-CA', count: 1 }]) });
  });

  it('takes mapping overrides and names unknown fields and columns', async () => {
    const odd = readFileSync('tests/fixtures/customers/odd-headers.tsv');
    const noId = await upload(lead, odd, {}, 'odd.tsv');
    expect(noId.statusCode).toBe(400);
    expect(noId.json().error.message).toMatch(/pass --id-column/);
    const badField = await upload(lead, odd, { map: JSON.stringify({ mail: 'contact' }), id_column: 'ref' }, 'odd.tsv');
    expect(badField.statusCode).toBe(400);
    expect(badField.json().error.message).toMatch(/unknown field "mail"/);
    const ok = await upload(
      lead,
      odd,
      { map: JSON.stringify({ full_name: 'who', country: 'where' }), id_column: 'ref', dry_run: '1' },
      'odd.tsv',
    );
    expect(ok.statusCode).toBe(200);
    expect(ok.json().fields).toMatchObject({ id: 'ref', email: 'contact', full_name: 'who', country: 'where' });
  });

  it('refuses a malformed file with its line, and a file over BREACHDESK_MAX_UPLOAD_MB', async () => {
    const bad = await upload(lead, readFileSync('tests/fixtures/customers/broken.jsonl'), {}, 'broken.jsonl');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({
      code: 'VALIDATION',
      details: { reason: 'malformed_file', errors: [expect.objectContaining({ line: 2 })] },
    });
    const big = await upload(lead, Buffer.alloc(1024 * 1024 + 10, 'a'));
    expect(big.statusCode).toBe(413);
  });

  it('searches for support (audited), not for viewers; imports need lead or admin and the CSRF token', async () => {
    const ok = await as(t.app, support)({ method: 'GET', url: '/api/customers/search?email=JOHN.DOE@example.com' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().customers).toEqual([
      expect.objectContaining({ customer_ref: 'K-2', jurisdiction: 'US-CA', contact: expect.objectContaining({ city: 'San Francisco' }) }),
    ]);
    expect(ok.json().customers[0]).not.toHaveProperty('contact_enc');
    const byName = await as(t.app, support)({ method: 'GET', url: '/api/customers/search?name=Tremblay%20Marie&postal_code=H2X1K4' });
    expect(byName.json().customers.map((c: { customer_ref: string }) => c.customer_ref)).toEqual(['K-3']);
    expect((await as(t.app, viewer)({ method: 'GET', url: '/api/customers/search?customer_ref=K-1' })).statusCode).toBe(403);
    expect((await as(t.app, support)({ method: 'GET', url: '/api/customers/search?name=Marie' })).statusCode).toBe(400);
    expect((await upload(support, shop)).statusCode).toBe(403);
    const body = multipart({ name: 'shop.csv', content: shop });
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: '/api/customers/imports',
      ...body,
      headers: { ...body.headers, cookie: lead.cookie },
    });
    expect(noCsrf.statusCode).toBe(403);
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/customers/summary' });
    expect(anonymous.statusCode).toBe(401);
  });
});
