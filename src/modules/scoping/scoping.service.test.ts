import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtureCustomers, seedCustomers } from '../../../tests/helpers/customers.js';
import { createActor, createTestServices, dialects, type TestContext, testClock } from '../../../tests/helpers/services.js';
import type { Actor } from '../auth/auth.permissions.js';
import { createIncidentInput } from '../incidents/incidents.schemas.js';
import { engineScanner } from './scoping.file-scanner.js';
import { createScopingService, type FileScanner } from './scoping.service.js';
import { createCustomerDirectory } from './scoping.customer-directory.js';

const fixtures = path.resolve('tests/fixtures/scoping');

describe.each(dialects)('incident scoping (%s)', (dialect) => {
  let t: TestContext;
  let lead: Actor;
  let incidentId: string;
  let refs: Map<string, string>;

  beforeEach(async () => {
    t = await createTestServices(dialect, { clock: testClock() });
    lead = await createActor(t.services, 'lead');
    refs = await seedCustomers(t.services, fixtureCustomers);
    const incident = await t.services.incidents.createIncident(
      lead,
      createIncidentInput.parse({ title: 'Storefront leak', aware_at: '2026-03-02T15:00:00Z' }),
    );
    incidentId = incident.id;
    mkdirSync(t.config.leakDir, { recursive: true });
    for (const f of ['orders.csv', 'users.jsonl', 'dump.sql', 'app.log'])
      copyFileSync(path.join(fixtures, f), path.join(t.config.leakDir, f));
  });
  afterEach(async () => t.cleanup());

  const runJobs = () => t.services.jobs.runDue('test-worker');
  const refOf = (id: string) => [...refs].find(([, v]) => v === id)?.[0];

  it('scans files added by server path into a register with totals by data type and jurisdiction', async () => {
    const added = await t.services.scoping.addFiles(lead, incidentId, { paths: ['orders.csv', 'app.log'], evidence_ids: [] });
    expect(added.files.map((f) => [f.name, f.status])).toEqual([
      ['orders.csv', 'queued'],
      ['app.log', 'queued'],
    ]);
    await runJobs();
    const s = await t.services.scoping.summary(lead, incidentId);
    expect(s.runs[0]).toMatchObject({ status: 'done', progress: { files_done: 2, files_total: 2 } });
    expect(s.affected_customers).toBe(2); // Jürgen (orders + log) and Mary (log; her card number fails Luhn)
    expect(s.jurisdiction_totals).toEqual({ DE: 1, 'US-NY': 1 });
    expect(s.data_type_totals).toMatchObject({ email: 2, card_pan: 1, ssn: 1, iban: 0 });
    expect(s.files.map((f) => [f.name, f.status, f.records])).toEqual([
      ['orders.csv', 'done', 3],
      ['app.log', 'done', 3],
    ]);
    expect(s.files[0]!.reports[0]!.columns).toContainEqual({ name: 'card_number', data_type: 'card_pan', role: 'card_pan' });
    const reg = await t.services.scoping.register(lead, incidentId, { limit: 100 });
    const juergen = reg.entries.find((e) => e.customer_ref === 'K-1001')!;
    expect(juergen).toMatchObject({ jurisdiction: 'DE', files: 2, records: 2, match: { rule: 'email', confidence: 1 } });
    expect(juergen.data_types).toEqual(expect.arrayContaining(['email', 'name', 'card_pan', 'card_cvv', 'card_expiry', 'ip_address']));
    // Guests are kept as unmatched individuals, not dropped.
    expect(s.unmatched_people).toBe(1);
    expect(s.authenticity).toMatchObject({ records_with_personal_data: 5, matched_records: 4, match_rate: 0.8 });
    const unmatched = await t.services.scoping.unmatched(lead, incidentId, { limit: 100 });
    expect(unmatched.people.map((p) => p.email)).toEqual(['nobody@example.net']);
  });

  it('adding the same file again or a second file never double counts', async () => {
    await t.services.scoping.addFiles(lead, incidentId, { paths: ['orders.csv'], evidence_ids: [] });
    await runJobs();
    const before = await t.services.scoping.register(lead, incidentId, { limit: 100 });
    // Same content under another name: recorded as a duplicate, not scanned, nothing added.
    copyFileSync(path.join(t.config.leakDir, 'orders.csv'), path.join(t.config.leakDir, 'orders-copy.csv'));
    const again = await t.services.scoping.addFiles(lead, incidentId, { paths: ['orders-copy.csv', 'orders.csv'], evidence_ids: [] });
    expect(again.files.map((f) => [f.status, f.duplicate_of])).toEqual([
      ['duplicate', 'orders.csv'],
      ['duplicate', 'orders.csv'],
    ]);
    await runJobs();
    expect(await t.services.scoping.register(lead, incidentId, { limit: 100 })).toEqual(before);
    // A new file adds to the register: Jürgen appears in both, his records and files add up, data types unite.
    await t.services.scoping.addFiles(lead, incidentId, { paths: ['app.log'], evidence_ids: [] });
    await runJobs();
    const after = await t.services.scoping.register(lead, incidentId, { limit: 100 });
    const j = after.entries.find((e) => e.customer_ref === 'K-1001')!;
    expect(j).toMatchObject({ files: 2, records: 2 });
    expect(j.data_types).toContain('ip_address');
    expect(after.entries).toHaveLength(2);
  });

  it('refuses server paths outside the leak directory', async () => {
    writeFileSync(path.join(t.dataDir, 'outside.csv'), 'email\nx@example.com\n');
    symlinkSync(path.join(t.dataDir, 'outside.csv'), path.join(t.config.leakDir, 'link.csv'));
    await expect(t.services.scoping.addFiles(lead, incidentId, { paths: ['link.csv'], evidence_ids: [] })).rejects.toThrow(
      /inside the leak directory/,
    );
    await expect(t.services.scoping.addFiles(lead, incidentId, { paths: ['../outside.csv'], evidence_ids: [] })).rejects.toThrow(
      /inside the leak directory/,
    );
    await expect(t.services.scoping.addFiles(lead, incidentId, { paths: ['/etc/passwd'], evidence_ids: [] })).rejects.toThrow();
  });

  it('sends ambiguous matches to review; a decision joins the register and survives a re-scan', async () => {
    await t.services.scoping.addFiles(lead, incidentId, { paths: ['users.jsonl'], evidence_ids: [] });
    await runJobs();
    const s = await t.services.scoping.summary(lead, incidentId);
    expect(s.complete).toBe(false); // users.jsonl has a malformed line
    expect(s.files[0]!.reports[0]!.errors[0]).toMatchObject({ line: 3 });
    const open = await t.services.scoping.reviews(lead, incidentId, { status: 'open', limit: 50 });
    expect(open.items).toHaveLength(1);
    const item = open.items[0]!;
    expect(item.candidates.map((c) => c.customer_ref).sort()).toEqual(['K-1003', 'K-1004']);
    expect(item.record).toMatchObject({ name: 'ANN LEE', postal_code: '94110' });
    expect(item.candidates[0]!.contact).not.toBeNull();
    const annId = refs.get('K-1003')!;
    await t.services.scoping.resolveReview(lead, incidentId, item.id, { customer_id: annId, note: 'order 42 shipped to her' });
    let reg = await t.services.scoping.register(lead, incidentId, { limit: 100 });
    expect(reg.entries.map((e) => e.customer_ref).sort()).toEqual(['K-1002', 'K-1003']);
    // Correct a column and re-scan: results are replaced (not added) and the review decision carries over.
    await t.services.scoping.setColumnOverrides(lead, incidentId, s.files[0]!.id, { iban: 'none' });
    await runJobs();
    reg = await t.services.scoping.register(lead, incidentId, { limit: 100 });
    const elodie = reg.entries.find((e) => e.customer_ref === 'K-1002')!;
    expect(elodie.data_types).not.toContain('iban');
    expect(elodie.records).toBe(1);
    expect(reg.entries.map((e) => e.customer_ref).sort()).toEqual(['K-1002', 'K-1003']);
    const decided = await t.services.scoping.reviews(lead, incidentId, { status: 'matched', limit: 50 });
    expect(decided.items.map((i) => i.resolved_customer_id)).toEqual([annId]);
  });

  it('feeds the register into the obligation facts and recomputes obligations', async () => {
    await t.services.scoping.addFiles(lead, incidentId, { paths: ['orders.csv', 'app.log'], evidence_ids: [] });
    await runJobs();
    const facts = await t.services.obligations.getFacts(lead, incidentId);
    expect(facts?.facts.affected).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ jurisdiction: 'DE', count: 1 }),
        expect.objectContaining({ jurisdiction: 'US-NY', count: 1, data_types: expect.arrayContaining(['ssn', 'email']) }),
      ]),
    );
    const board = await t.services.obligations.list(lead, incidentId);
    // New York: Mary's SSN and email were exposed; notice to her depends on the harm question (decide).
    expect(board.obligations.find((o) => o.jurisdiction === 'US-NY' && o.recipient === 'individuals')).toMatchObject({
      required: 'decide',
      affected_count: 1,
    });
  });

  it('finds one person by contact, audited, and exports the register as CSV', async () => {
    await t.services.scoping.addFiles(lead, incidentId, { paths: ['orders.csv'], evidence_ids: [] });
    await runJobs();
    const found = await t.services.scoping.findPerson(lead, incidentId, { email: ' Juergen.Gross@EXAMPLE.de ' });
    expect(found.customers).toHaveLength(1);
    expect(found.customers[0]).toMatchObject({
      customer_ref: 'K-1001',
      exposed: { files: 1 },
      sources: [{ file: 'orders.csv', records: 1 }],
    });
    const guest = await t.services.scoping.findPerson(lead, incidentId, { email: 'nobody@example.net' });
    expect(guest.customers).toEqual([]);
    expect(guest.unmatched).toMatchObject([{ email: 'nobody@example.net', sources: [{ file: 'orders.csv', records: 1 }] }]);
    const audit = await t.services.db.selectFrom('audit_entries').select('action').where('action', '=', 'customer.read').execute();
    expect(audit.length).toBe(2);
    let csv = '';
    for await (const chunk of t.services.scoping.exportCsv(lead, incidentId, { contacts: true })) csv += chunk;
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('customer_ref,jurisdiction,data_types,records,files,match_rule,match_confidence,email,phone,name');
    expect(lines[1]).toMatch(/^K-1001,DE,"?email name card_pan/);
    expect(lines[1]).toContain('juergen.gross@example.de');
  });

  it('enforces roles: a viewer sees counts but no contact data; an engineer cannot export contacts', async () => {
    const viewer = await createActor(t.services, 'viewer');
    const engineer = await createActor(t.services, 'engineer');
    await expect(t.services.scoping.summary(viewer, incidentId)).resolves.toBeTruthy();
    await expect(t.services.scoping.addFiles(viewer, incidentId, { paths: ['orders.csv'], evidence_ids: [] })).rejects.toThrow(/may not/);
    await expect(t.services.scoping.findPerson(viewer, incidentId, { email: 'x@example.com' })).rejects.toThrow(/may not/);
    await expect(t.services.scoping.exportCsv(engineer, incidentId, { contacts: true }).next()).rejects.toThrow(/may not/);
    await t.services.scoping.addFiles(engineer, incidentId, { paths: ['users.jsonl'], evidence_ids: [] });
    await runJobs();
    const r = await t.services.scoping.reviews(engineer, incidentId, { limit: 10 });
    expect(r.items[0]!.record).toBeNull();
    expect(r.items[0]!.candidates[0]!.contact).toBeNull();
  });

  it('cancels a queued run, and a run resumed after a crash scans only the unfinished files', async () => {
    const queued = await t.services.scoping.addFiles(lead, incidentId, { paths: ['orders.csv'], evidence_ids: [] });
    const cancelled = await t.services.scoping.cancelRun(lead, incidentId, queued.run_id);
    expect(cancelled.status).toBe('cancelled');
    await runJobs();
    expect((await t.services.scoping.summary(lead, incidentId)).files[0]!.status).toBe('cancelled');

    const scanned: string[] = [];
    const spy: FileScanner = async (input) => {
      scanned.push(input.display);
      return engineScanner(input);
    };
    const { services } = t;
    const scoping = createScopingService({
      db: services.db,
      dialect: services.dialect,
      clock: services.clock,
      cipher: services.cipher,
      audit: services.audit,
      incidents: services.incidents,
      evidence: services.evidence,
      enqueueRun: async () => {},
      customers: createCustomerDirectory({ db: services.db, cipher: services.cipher, customers: services.customers }),
      scanner: spy,
      setAffectedPopulation: (...args) => services.obligations.setAffectedPopulation(...args),
      leakDir: t.config.leakDir,
    });
    const run = await scoping.addFiles(lead, incidentId, { paths: ['app.log', 'dump.sql'], evidence_ids: [] });
    await scoping.executeRun(run.run_id);
    const full = await scoping.register(lead, incidentId, { limit: 100 });
    // A crash after the first file: the run and the second file are left "running".
    await services.db.updateTable('scoping_runs').set({ status: 'running' }).where('id', '=', run.run_id).execute();
    await services.db.updateTable('scoping_files').set({ status: 'running' }).where('id', '=', run.files[1]!.id).execute();
    scanned.length = 0;
    await scoping.executeRun(run.run_id);
    expect(scanned).toEqual(['dump.sql']);
    expect(await scoping.register(lead, incidentId, { limit: 100 })).toEqual(full);
    expect(refOf(full.entries[0]!.customer_id)).toBeDefined();
  });

  it('records a file the engine cannot read as failed and marks the scope incomplete', async () => {
    writeFileSync(path.join(t.config.leakDir, 'broken.gz'), Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]));
    await t.services.scoping.addFiles(lead, incidentId, { paths: ['broken.gz', 'orders.csv'], evidence_ids: [] });
    await runJobs();
    const s = await t.services.scoping.summary(lead, incidentId);
    expect(s.complete).toBe(false);
    expect(s.files.find((f) => f.name === 'broken.gz')!.reports[0]!.errors.length).toBeGreaterThan(0);
    expect(s.affected_customers).toBe(2);
  });
});
