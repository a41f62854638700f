import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureCustomers, seedCustomers } from '../../../tests/helpers/customers.js';
import { as, createTestApp, loginAs, type Session } from '../../../tests/helpers/http.js';
import { multipart } from '../../../tests/helpers/multipart.js';
import { dialects, testClock } from '../../../tests/helpers/services.js';

const fixtures = path.resolve('tests/fixtures/scoping');

describe.each(dialects)('scoping routes on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let lead: Session;
  let support: Session;
  let viewer: Session;
  let engineer: Session;
  let incidentId: string;
  let refs: Map<string, string>;
  const base = () => `/api/incidents/${incidentId}/scoping`;
  const runJobs = () => t.services.jobs.runDue('test-worker');

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: testClock() });
    lead = await loginAs(t.app, t, 'lead');
    support = await loginAs(t.app, t, 'support');
    viewer = await loginAs(t.app, t, 'viewer');
    engineer = await loginAs(t.app, t, 'engineer');
    refs = await seedCustomers(t.services, fixtureCustomers);
    const res = await as(
      t.app,
      lead,
    )({ method: 'POST', url: '/api/incidents', payload: { title: 'Leak', aware_at: '2026-03-02T15:00:00Z' } });
    incidentId = res.json<{ id: string }>().id;
    mkdirSync(t.config.leakDir, { recursive: true });
    copyFileSync(path.join(fixtures, 'app.log'), path.join(t.config.leakDir, 'app.log'));
  });
  afterAll(async () => t.cleanup());

  it('adds an uploaded leak file and a server path, runs them, and reports totals', async () => {
    const upload = await as(
      t.app,
      engineer,
    )({
      method: 'POST',
      url: `/api/incidents/${incidentId}/evidence`,
      ...multipart({ name: 'orders.csv', content: readFileSync(path.join(fixtures, 'orders.csv')) }),
    });
    expect(upload.statusCode).toBe(201);
    const add = await as(
      t.app,
      engineer,
    )({ method: 'POST', url: `${base()}/files`, payload: { evidence_ids: [upload.json<{ id: string }>().id], paths: ['app.log'] } });
    expect(add.statusCode).toBe(202);
    const { run_id: runId } = add.json<{ run_id: string }>();
    const queued = await as(t.app, viewer)({ method: 'GET', url: `${base()}/runs/${runId}` });
    expect(queued.json()).toMatchObject({
      status: 'queued',
      files: [
        { name: 'app.log', source: 'path' },
        { name: 'orders.csv', source: 'upload' },
      ],
    });
    await runJobs();
    const summary = await as(t.app, viewer)({ method: 'GET', url: base() });
    expect(summary.statusCode).toBe(200);
    expect(summary.json()).toMatchObject({
      affected_customers: 2,
      jurisdiction_totals: { DE: 1, 'US-NY': 1 },
      unmatched_people: 1,
      complete: true,
      runs: [{ id: runId, status: 'done', progress: { files_done: 2, files_total: 2 } }],
    });
    // The hand-over to scoping is in the evidence's chain of custody.
    const custody = await as(
      t.app,
      lead,
    )({ method: 'GET', url: `/api/incidents/${incidentId}/evidence/${upload.json<{ id: string }>().id}/custody` });
    expect(JSON.stringify(custody.json())).toMatch(/handed to scoping/);
  });

  it('validates input and confines server paths', async () => {
    const empty = await as(t.app, lead)({ method: 'POST', url: `${base()}/files`, payload: {} });
    expect(empty.statusCode).toBe(400);
    const outside = await as(t.app, lead)({ method: 'POST', url: `${base()}/files`, payload: { paths: ['../../etc/passwd'] } });
    expect(outside.statusCode).toBe(400);
    expect(outside.json<{ error: { message: string } }>().error.message).toMatch(/leak directory|No such file/);
    const wrongType = await as(t.app, lead)({ method: 'POST', url: `${base()}/files`, payload: { paths: 'app.log' } });
    expect(wrongType.statusCode).toBe(400);
    const forbidden = await as(t.app, viewer)({ method: 'POST', url: `${base()}/files`, payload: { paths: ['app.log'] } });
    expect(forbidden.statusCode).toBe(403);
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: `${base()}/files`,
      payload: { paths: ['app.log'] },
      headers: { cookie: lead.cookie },
    });
    expect(noCsrf.statusCode).toBe(403);
  });

  it('pages and filters the register and exports CSV (contacts only for customer.read)', async () => {
    const page = await as(t.app, viewer)({ method: 'GET', url: `${base()}/register?limit=1` });
    const first = page.json<{ entries: Array<{ customer_ref: string }>; next: string }>();
    expect(first.entries).toHaveLength(1);
    const second = await as(t.app, viewer)({ method: 'GET', url: `${base()}/register?limit=1&after=${first.next}` });
    expect(second.json<{ entries: unknown[] }>().entries).toHaveLength(1);
    const ssn = await as(t.app, viewer)({ method: 'GET', url: `${base()}/register?data_type=ssn` });
    expect(ssn.json<{ entries: Array<{ customer_ref: string }> }>().entries.map((e) => e.customer_ref)).toEqual(['K-1005']);
    const de = await as(t.app, viewer)({ method: 'GET', url: `${base()}/register?jurisdiction=DE` });
    expect(de.json<{ entries: Array<{ customer_ref: string }> }>().entries.map((e) => e.customer_ref)).toEqual(['K-1001']);
    const bad = await as(t.app, viewer)({ method: 'GET', url: `${base()}/register?data_type=shoe_size` });
    expect(bad.statusCode).toBe(400);
    const csv = await as(t.app, viewer)({ method: 'GET', url: `${base()}/register.csv` });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body.split('\r\n')[0]).toBe('customer_ref,jurisdiction,data_types,records,files,match_rule,match_confidence');
    expect(csv.body).not.toContain('@');
    expect((await as(t.app, viewer)({ method: 'GET', url: `${base()}/register.csv?contacts=true` })).statusCode).toBe(403);
    const withContacts = await as(t.app, support)({ method: 'GET', url: `${base()}/register.csv?contacts=true` });
    expect(withContacts.body).toContain('juergen.gross@example.de');
  });

  it('finds a person and lists unmatched individuals for customer.read only', async () => {
    const found = await as(t.app, support)({ method: 'GET', url: `${base()}/person?email=mary@example.com` });
    expect(found.statusCode).toBe(200);
    expect(found.json()).toMatchObject({
      customers: [
        {
          customer_ref: 'K-1005',
          exposed: { jurisdiction: 'US-NY' },
          sources: [
            { file: 'app.log', records: 1 },
            { file: 'orders.csv', records: 1 },
          ],
        },
      ],
    });
    expect((await as(t.app, viewer)({ method: 'GET', url: `${base()}/person?email=mary@example.com` })).statusCode).toBe(403);
    expect((await as(t.app, support)({ method: 'GET', url: `${base()}/person?name=Mary` })).statusCode).toBe(400);
    const unmatched = await as(t.app, support)({ method: 'GET', url: `${base()}/unmatched` });
    expect(unmatched.json()).toMatchObject({ total: 1, people: [{ email: 'nobody@example.net' }] });
  });

  it('reviews an ambiguous match and corrects a column classification', async () => {
    copyFileSync(path.join(fixtures, 'users.jsonl'), path.join(t.config.leakDir, 'users.jsonl'));
    const add = await as(t.app, lead)({ method: 'POST', url: `${base()}/files`, payload: { paths: ['users.jsonl'] } });
    await runJobs();
    const list = await as(t.app, lead)({ method: 'GET', url: `${base()}/reviews?status=open` });
    const item = list.json<{ items: Array<{ id: string; candidates: Array<{ customer_id: string }> }> }>().items[0]!;
    const notCandidate = await as(
      t.app,
      lead,
    )({ method: 'POST', url: `${base()}/reviews/${item.id}`, payload: { customer_id: refs.get('K-1001') } });
    expect(notCandidate.statusCode).toBe(400);
    const byViewer = await as(t.app, viewer)({ method: 'POST', url: `${base()}/reviews/${item.id}`, payload: { customer_id: null } });
    expect(byViewer.statusCode).toBe(403);
    const decided = await as(
      t.app,
      lead,
    )({ method: 'POST', url: `${base()}/reviews/${item.id}`, payload: { customer_id: refs.get('K-1003'), note: 'order history' } });
    expect(decided.json()).toMatchObject({ status: 'matched', resolved_customer_id: refs.get('K-1003') });
    const fileId = add.json<{ files: Array<{ id: string }> }>().files[0]!.id;
    const badRole = await as(
      t.app,
      lead,
    )({ method: 'PUT', url: `${base()}/files/${fileId}/columns`, payload: { overrides: { iban: 'shoe_size' } } });
    expect(badRole.statusCode).toBe(400);
    const fix = await as(
      t.app,
      lead,
    )({ method: 'PUT', url: `${base()}/files/${fileId}/columns`, payload: { overrides: { iban: 'none' } } });
    expect(fix.statusCode).toBe(202);
    const busy = await as(
      t.app,
      lead,
    )({ method: 'PUT', url: `${base()}/files/${fileId}/columns`, payload: { overrides: { iban: 'none' } } });
    expect(busy.statusCode).toBe(409);
    await runJobs();
    const file = await as(t.app, viewer)({ method: 'GET', url: `${base()}/files/${fileId}` });
    expect(file.json()).toMatchObject({ status: 'done', column_overrides: { iban: 'none' } });
    const reg = await as(t.app, viewer)({ method: 'GET', url: `${base()}/register?customer_ref=K-1003` });
    expect(reg.json()).toMatchObject({ entries: [{ customer_ref: 'K-1003', match: { rule: 'name_postal_code' } }] });
  });

  it('cancels a queued run and applies the register to the obligations', async () => {
    copyFileSync(path.join(fixtures, 'dump.sql'), path.join(t.config.leakDir, 'dump.sql'));
    const add = await as(t.app, lead)({ method: 'POST', url: `${base()}/files`, payload: { paths: ['dump.sql'] } });
    const runId = add.json<{ run_id: string }>().run_id;
    const cancel = await as(t.app, lead)({ method: 'POST', url: `${base()}/runs/${runId}/cancel` });
    expect(cancel.json()).toMatchObject({ status: 'cancelled' });
    expect((await as(t.app, lead)({ method: 'POST', url: `${base()}/runs/${runId}/cancel` })).statusCode).toBe(409);
    const apply = await as(t.app, lead)({ method: 'POST', url: `${base()}/apply-obligations` });
    expect(apply.statusCode).toBe(200);
    const facts = await as(t.app, lead)({ method: 'GET', url: `/api/incidents/${incidentId}/obligation-facts` });
    expect(JSON.stringify(facts.json())).toMatch(/US-NY/);
    expect((await as(t.app, viewer)({ method: 'POST', url: `${base()}/apply-obligations` })).statusCode).toBe(403);
    expect(
      (await as(t.app, viewer)({ method: 'GET', url: `/api/incidents/0195f3c4-0000-7000-8000-000000000000/scoping` })).statusCode,
    ).toBe(404);
  });
});
