import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActor, createTestServices, dialects, type TestContext } from '../../../tests/helpers/services.js';
import { cliOperator } from '../auth/auth.permissions.js';
import { buildCustomerIndex, type CustomerIndex } from '../../scan/index.js';
import { customerBlindKeys, customerIndexKeys } from './customers.contact.js';
import { buildStoredCustomerIndex, iterateCustomerRows, lookupCustomerRefs } from './customers.service.js';

const fixtures = 'tests/fixtures/customers';
const system = cliOperator('test');

describe.each(dialects)('customer import on %s', (dialect) => {
  let t: TestContext;
  let tmp: string;
  beforeAll(async () => {
    t = await createTestServices(dialect);
    tmp = mkdtempSync(path.join(os.tmpdir(), 'bd-customers-'));
  });
  afterAll(async () => {
    await t.cleanup();
    rmSync(tmp, { recursive: true, force: true });
  });
  const count = async () => Number((await t.services.customers.summary(system)).total);

  it('previews a file without writing: mapping with reasons, counts, skipped rows, jurisdictions, masked samples', async () => {
    const r = await t.services.customers.importFile(system, { path: `${fixtures}/shop.csv`, dry_run: true });
    expect(r.dry_run).toBe(true);
    expect(r.import_id).toBeNull();
    expect(r.fields).toMatchObject({
      id: 'Kundennummer',
      email: 'E-Mail',
      first_name: 'Vorname',
      postal_code: 'PLZ',
      region: 'Bundesland',
      country: 'Land',
    });
    expect(r.mapping.find((m) => m.column === 'E-Mail')).toMatchObject({ field: 'email', how: 'header' });
    expect(r).toMatchObject({ rows: 8, inserted: 6, updated: 0, skipped: { total: 2, missing_id: 1, duplicate_id: 1 } });
    expect(r.bad_rows).toEqual([
      { line: 5, reason: 'missing_id' },
      { line: 7, reason: 'duplicate_id' },
    ]);
    expect(r.jurisdictions).toEqual({ DE: 1, 'US-CA': 1, 'CA-QC': 1, 'AU-NSW': 1, GB: 1, unknown: 1 });
    expect(r.samples[1]).toMatchObject({ id: 'K-2', email: 'j***@e***.com' });
    expect(JSON.stringify(r.samples)).not.toContain('john.doe');
    expect(await count()).toBe(0);
    expect(await t.services.customers.listImports(system)).toEqual([]);
  });

  it('imports with contact encrypted at rest and blind indexes that find the customer', async () => {
    const r = await t.services.customers.importFile(system, { path: `${fixtures}/shop.csv` });
    expect(r).toMatchObject({ inserted: 6, updated: 0, skipped: { total: 2 } });
    expect(r.import_id).toBeTruthy();
    const raw = await t.services.db.selectFrom('customers').selectAll().where('customer_ref', '=', 'K-2').executeTakeFirstOrThrow();
    expect(JSON.stringify(raw)).not.toMatch(/john|doe|415|Market/i);
    expect(raw).toMatchObject({ country: 'US', region: 'US-CA', jurisdiction: 'US-CA', import_id: r.import_id });
    const keys = customerBlindKeys(t.services.cipher, {
      email: ' John.Doe@Example.com',
      phone: '+1 415-555-2671',
      first_name: 'john',
      last_name: 'DOE',
      postal_code: '94105',
      country: 'US',
    });
    expect(raw.email_bidx).toBe(keys.email);
    expect(raw.phone_bidx).toBe(keys.phone);
    expect(raw.name_bidx).toBe(keys.name);
    // The first import into the empty table builds the blind-index indexes at its end.
    const indexes = await sql<{ name: string }>`${sql.raw(
      dialect === 'sqlite'
        ? "select name from sqlite_master where type = 'index' and name like 'customers\\_%\\_bidx' escape '\\'"
        : "select indexname as name from pg_indexes where indexname like 'customers\\_%\\_bidx'",
    )}`.execute(t.services.db);
    expect(indexes.rows.map((r) => r.name).sort()).toEqual(['customers_email_bidx', 'customers_name_bidx', 'customers_phone_bidx']);
    const byPhone = await t.services.customers.search(system, { phone: '+14155552671' });
    expect(byPhone.map((c) => c.customer_ref)).toEqual(['K-2']);
    expect(byPhone[0]!.contact).toMatchObject({ email: 'john.doe@example.com', region: 'California', country: 'USA' });
    const byName = await t.services.customers.search(system, { name: 'Marie Tremblay', postal_code: 'h2x1k4' });
    expect(byName.map((c) => c.jurisdiction)).toEqual(['CA-QC']);
    const [history] = await t.services.customers.listImports(system);
    expect(history).toMatchObject({
      id: r.import_id,
      file_name: 'shop.csv',
      status: 'done',
      rows_read: 8,
      inserted: 6,
      skipped: 2,
      sha256: r.sha256,
    });
    const audit = await t.services.db
      .selectFrom('audit_entries')
      .select(['action', 'data_json'])
      .where('action', 'like', 'customer.%')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['customer.import', 'customer.read', 'customer.read']);
    expect(audit.map((a) => a.data_json).join()).not.toMatch(/john|doe@|Tremblay|4155552671/i);
  });

  it('re-imports by customer id: updates without duplicates, keeps the id', async () => {
    const before = await t.services.db
      .selectFrom('customers')
      .select(['id', 'customer_ref'])
      .where('customer_ref', '=', 'K-1')
      .executeTakeFirstOrThrow();
    const again = await t.services.customers.importFile(system, { path: `${fixtures}/shop.csv` });
    expect(again).toMatchObject({ inserted: 0, updated: 6 });
    const r = await t.services.customers.importFile(system, { path: `${fixtures}/update.jsonl` });
    expect(r).toMatchObject({ format: 'jsonl', inserted: 1, updated: 1 });
    expect(await count()).toBe(7);
    const after = await t.services.db.selectFrom('customers').select(['id']).where('customer_ref', '=', 'K-1').executeTakeFirstOrThrow();
    expect(after.id).toBe(before.id);
    expect((await t.services.customers.search(system, { email: 'anna.new@example.de' })).map((c) => c.customer_ref)).toEqual(['K-1']);
    expect(await t.services.customers.search(system, { email: 'anna.schmidt@example.de' })).toEqual([]);
    const k7 = (await t.services.customers.search(system, { customer_ref: 'K-7' }))[0]!;
    expect(k7).toMatchObject({ jurisdiction: 'DE', contact: { full_name: 'Neu Kunde', postal_code: '80331', country: 'DEU' } });
  });

  it('applies --map and --id-column overrides, and names an unknown column', async () => {
    const file = `${fixtures}/odd-headers.tsv`;
    await expect(t.services.customers.importFile(system, { path: file, dry_run: true })).rejects.toThrow(
      /which column holds the customer id; pass --id-column \(columns: ref, contact, who, where\)/,
    );
    await expect(t.services.customers.importFile(system, { path: file, id_column: 'ref', map: { email: 'nope' } })).rejects.toThrow(
      /no column named "nope" \(for email\)/,
    );
    await expect(t.services.customers.importFile(system, { path: file, map: { mail: 'contact' } as never })).rejects.toThrow(
      /unknown field "mail"/,
    );
    const r = await t.services.customers.importFile(system, { path: file, id_column: 'REF', map: { full_name: 'who', country: 'where' } });
    expect(r.mapping.map((m) => [m.column, m.field, m.how])).toEqual([
      ['ref', 'id', 'id-column'],
      ['contact', 'email', 'content'],
      ['who', 'full_name', 'override'],
      ['where', 'country', 'override'],
    ]);
    expect(r).toMatchObject({ inserted: 2, jurisdictions: { US: 2 } });
  });

  it('refuses a malformed file before writing anything, naming the file and line', async () => {
    const n = await count();
    await expect(t.services.customers.importFile(system, { path: `${fixtures}/broken.jsonl` })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(/^Cannot import broken.jsonl: line 2: invalid JSON/),
      details: { reason: 'malformed_file', file: 'broken.jsonl' },
    });
    // An unbalanced quote that swallows the rest of the file.
    const bad = path.join(tmp, 'quote.csv');
    const rows = Array.from({ length: 30_000 }, (_, i) => `Q-${i},q${i}@example.com,Name ${i}`);
    writeFileSync(bad, ['id,email,name', 'Q-x,"x@example.com,X', ...rows].join('\n'));
    await expect(t.services.customers.importFile(system, { path: bad })).rejects.toThrow(
      /Cannot import quote.csv: line 2: .*unbalanced quote/,
    );
    expect(await count()).toBe(n);
  });

  it('feeds the scoping index from the store with customers.id, and maps ids to references in bulk', async () => {
    const index = await buildCustomerIndex(iterateCustomerRows(t.services.db, t.services.cipher, 3));
    expect(index.count).toBe(await count());
    const ids = Array.from({ length: index.count }, (_, i) => index.idOf(i));
    const refs = await lookupCustomerRefs(t.services.db, { ids });
    expect(refs.map((r) => r.customer_ref).sort()).toEqual(['K-1', 'K-2', 'K-3', 'K-4', 'K-5', 'K-6', 'K-7', 'R-1', 'R-2']);
    const back = await lookupCustomerRefs(t.services.db, { refs: ['K-3'] });
    expect(back).toEqual([{ id: expect.any(String), customer_ref: 'K-3', jurisdiction: 'CA-QC' }]);
    expect(ids).toContain(back[0]!.id);
  });

  it('reads the store the same way with the decryption thread (full pages) as in this thread', async () => {
    const inThread = [];
    for await (const r of iterateCustomerRows(t.services.db, t.services.cipher, 1000)) inThread.push(r);
    expect(inThread.length).toBe(await count());
    for (const pageSize of [1, 2, inThread.length]) {
      const viaWorker = [];
      for await (const r of iterateCustomerRows(t.services.db, t.services.cipher, pageSize)) viaWorker.push(r);
      expect(viaWorker).toEqual(inThread);
    }
    expect(inThread.map((r) => r.id)).toEqual(inThread.map((r) => r.id).sort());
    expect(inThread.find((r) => r.email === 'john.doe@example.com')).toMatchObject({
      first_name: expect.stringMatching(/john/i),
      country: 'US',
    });
    // A value that does not decrypt stops the read with the cipher's error, in the worker as in this thread.
    const victim = inThread[1]!.id;
    const { contact_enc } = await t.services.db
      .selectFrom('customers')
      .select('contact_enc')
      .where('id', '=', victim)
      .executeTakeFirstOrThrow();
    // The match index built with the worker encoding each page equals the one built from the rows.
    const fromRows = await buildCustomerIndex(iterateCustomerRows(t.services.db, t.services.cipher, 1000));
    for (const pageSize of [1, 2, 1000]) {
      const stored = await buildStoredCustomerIndex(t.services.db, t.services.cipher, pageSize);
      expect(stored.customers).toBe(fromRows.customers);
      const plain = (i: CustomerIndex) => ({
        ids: Array.from({ length: i.count }, (_, k) => [i.idOf(k), i.countryOf(k), i.regionOf(k), i.lastNameOf(k), i.phoneOf(k)]),
        data: Object.fromEntries(
          (['flags', 'emailHash', 'nameHash', 'postalHash', 'nationalHash', 'nationalCheck'] as const).map((c) => [
            c,
            Array.from(i.data[c]),
          ]),
        ),
        tables: [i.data.byEmail, i.data.byE164, i.data.byNational, i.data.byNamePostal].map((t) => Array.from(t.slots)),
      });
      expect(plain(stored)).toEqual(plain(fromRows));
    }
    await t.services.db.updateTable('customers').set({ contact_enc: 'v1:AAAA' }).where('id', '=', victim).execute();
    const drain = async (pageSize: number) => {
      for await (const _ of iterateCustomerRows(t.services.db, t.services.cipher, pageSize));
    };
    await expect(drain(2)).rejects.toThrow(/too short/);
    await expect(buildStoredCustomerIndex(t.services.db, t.services.cipher, 2)).rejects.toThrow(/too short/);
    await expect(drain(1000)).rejects.toThrow(/too short/);
    await t.services.db.updateTable('customers').set({ contact_enc }).where('id', '=', victim).execute();
  });

  it('skips an id repeated in a later batch (the first row stays), and counts updates on re-import', async () => {
    const file = path.join(tmp, 'batches.csv');
    const rows = Array.from({ length: 4500 }, (_, i) => `B-${i},b${i}@example.com,Bea Batch${i},${10000 + i},DE`);
    rows.splice(4200, 0, 'B-7,second@example.com,Not Stored,99999,US');
    writeFileSync(file, ['customer_id,email,full_name,postal_code,country', ...rows].join('\n'));
    const n = await count();
    const r = await t.services.customers.importFile(system, { path: file });
    expect(r).toMatchObject({ rows: 4501, inserted: 4500, updated: 0, skipped: { total: 1, duplicate_id: 1 } });
    expect(r.bad_rows).toEqual([{ line: 4202, reason: 'duplicate_id' }]);
    expect(r.jurisdictions).toEqual({ DE: 4500 });
    expect(await count()).toBe(n + 4500);
    expect((await t.services.customers.search(system, { customer_ref: 'B-7' }))[0]!.contact).toMatchObject({ email: 'b7@example.com' });
    const again = await t.services.customers.importFile(system, { path: file });
    expect(again).toMatchObject({ inserted: 0, updated: 4500, skipped: { total: 1, duplicate_id: 1 } });
    expect(await count()).toBe(n + 4500);
  });

  it('authorizes: support may search but not import, viewers see only the summary', async () => {
    const support = await createActor(t.services, 'support');
    const viewer = await createActor(t.services, 'viewer');
    await expect(t.services.customers.importFile(support, { path: `${fixtures}/shop.csv`, dry_run: true })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(t.services.customers.search(viewer, { customer_ref: 'K-1' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await t.services.customers.search(support, { customer_ref: 'K-1' })).length).toBe(1);
    expect((await t.services.customers.summary(viewer)).total).toBe(await count());
  });

  it('stores 22-character blind indexes, still finds rows stored with the earlier 64-hex-character ones, and a re-import converts them', async () => {
    const person = {
      email: 'john.doe@example.com',
      phone: '+1 415-555-2671',
      first_name: 'John',
      last_name: 'Doe',
      postal_code: '94105',
      country: 'US',
    };
    const short = customerBlindKeys(t.services.cipher, person);
    for (const k of [short.email, short.phone, short.name]) expect(k).toMatch(/^[\w-]{22}$/);
    const plain = customerIndexKeys(person);
    const legacy = {
      email_bidx: t.services.cipher.blindIndex(plain.email!),
      phone_bidx: t.services.cipher.blindIndex(plain.phone!),
      name_bidx: t.services.cipher.blindIndex(plain.name!),
    };
    expect(legacy.email_bidx.slice(0, 32)).toBe(Buffer.from(short.email!, 'base64url').toString('hex'));
    await t.services.db.updateTable('customers').set(legacy).where('customer_ref', '=', 'K-2').execute();
    for (const q of [{ email: 'JOHN.DOE@example.com' }, { phone: '+14155552671' }, { name: 'John Doe', postal_code: '94105' }])
      expect((await t.services.customers.search(system, q)).map((c) => c.customer_ref)).toEqual(['K-2']);
    await t.services.customers.importFile(system, { path: `${fixtures}/shop.csv` });
    const raw = await t.services.db.selectFrom('customers').selectAll().where('customer_ref', '=', 'K-2').executeTakeFirstOrThrow();
    expect([raw.email_bidx, raw.phone_bidx, raw.name_bidx]).toEqual([short.email, short.phone, short.name]);
  });
});
