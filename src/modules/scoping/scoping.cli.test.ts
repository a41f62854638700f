import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Command, CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureCustomers, seedCustomers } from '../../../tests/helpers/customers.js';
import { createActor, createTestServices } from '../../../tests/helpers/services.js';
import type { Services } from '../../composition.js';
import { createIncidentInput } from '../incidents/incidents.schemas.js';
import { registerScopeCommand } from './scoping.cli.js';
import { type ScopeJson, writeZip } from '../../scan/index.js';

const fixtures = 'tests/fixtures/scoping';

/** Runs `breachdesk scope …` in-process the way src/cli/main.ts does. */
async function scope(...argv: string[]) {
  return scopeWith(
    async () => {
      throw new Error('a standalone run must not open the database');
    },
    ...argv,
  );
}

async function scopeWith(withServices: Parameters<typeof registerScopeCommand>[2], ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const program = new Command('breachdesk').exitOverride().configureOutput({ writeOut: () => {}, writeErr: (s) => err.push(s) });
  registerScopeCommand(program, { out: (s) => out.push(s), err: (s) => err.push(s) }, withServices);
  let error: unknown = null;
  try {
    await program.parseAsync(['scope', ...argv], { from: 'user' });
  } catch (e) {
    error = e;
  }
  return { out: out.join('\n'), err: err.join('\n'), error };
}

describe('breachdesk scope', () => {
  it('prints the register as one JSON document with paths as given, and flags the run incomplete', async () => {
    const files = ['orders.csv', 'users.jsonl', 'dump.sql', 'app.log'].map((f) => `${fixtures}/${f}`);
    const res = await scope('--customers', `${fixtures}/customers.csv`, ...files, '--json', '--no-progress');
    expect((res.error as Error).message).toMatch(/incomplete: errors in tests\/fixtures\/scoping\/users.jsonl/);
    const result = JSON.parse(res.out) as ScopeJson;
    expect(result.complete).toBe(false);
    expect(result.affected).toEqual([
      {
        customer_id: 'K-1001',
        data_types: ['email', 'name', 'card_pan', 'card_expiry', 'card_cvv', 'username', 'ip_address'],
        sources: [
          { file: `${fixtures}/orders.csv`, records: 1 },
          { file: `${fixtures}/app.log`, records: 1 },
        ],
        match: { rule: 'email', confidence: 1 },
      },
      {
        customer_id: 'K-1002',
        data_types: ['name', 'phone', 'postal_address'],
        sources: [{ file: `${fixtures}/users.jsonl`, records: 1 }],
        match: { rule: 'phone_last_name', confidence: 0.9 },
      },
      {
        customer_id: 'K-1004',
        data_types: ['email', 'password_hash', 'username'],
        sources: [{ file: `${fixtures}/dump.sql`, records: 1 }],
        match: { rule: 'email', confidence: 1 },
      },
      {
        customer_id: 'K-1005',
        data_types: ['email', 'name', 'date_of_birth', 'ssn', 'card_cvv'],
        sources: [
          { file: `${fixtures}/orders.csv`, records: 1 },
          { file: `${fixtures}/app.log`, records: 1 },
        ],
        match: { rule: 'email', confidence: 1 },
      },
    ]);
    // The test card, the Luhn-failing number, the documentation IBAN, the version strings: none counted.
    expect(result.data_type_totals).toMatchObject({ card_pan: 1, iban: 0, ip_address: 1, email: 3 });
    expect(result.unmatched_records).toBe(2);
    expect(result.unmatched_individuals.map((u) => u.email).sort()).toEqual(['guest@example.org', 'nobody@example.net']);
    expect(result.review).toEqual([
      {
        file: `${fixtures}/users.jsonl`,
        line: 2,
        rule: 'name_postal_code',
        reason: 'several customers share this name and postal code',
        candidates: ['K-1003', 'K-1004'],
        data_types: ['name', 'postal_address'],
        record: { email: null, phone: null, name: 'ANN LEE', postal_code: '94110' },
      },
    ]);
    expect(result.jurisdiction_totals).toEqual({ DE: 1, FR: 1, 'US-CA': 1, 'US-NY': 1 });
    const files2 = Object.fromEntries(result.files.map((f) => [f.file, f]));
    expect(files2[`${fixtures}/orders.csv`]).toMatchObject({ format: 'csv', records: 3, errors: [] });
    expect(files2[`${fixtures}/orders.csv`]!.columns).toContainEqual({ name: 'card_number', data_type: 'card_pan', role: 'card_pan' });
    expect(files2[`${fixtures}/users.jsonl`]!.errors).toMatchObject([{ line: 3 }]);
    expect(files2[`${fixtures}/dump.sql`]!.columns).toContainEqual({ name: 'accounts.login', data_type: 'username', role: 'username' });
  });

  it('exits with usage errors (code 2) for a missing customer file, a missing leak or an unknown id column', async () => {
    for (const argv of [
      ['--customers', 'nope.csv', `${fixtures}/orders.csv`],
      ['--customers', `${fixtures}/customers.csv`, 'missing.csv'],
      ['--customers', `${fixtures}/customers.csv`, '--id-column', 'nope', `${fixtures}/orders.csv`],
      ['--customers', `${fixtures}/customers.csv`],
      [`${fixtures}/orders.csv`],
      ['--customers', `${fixtures}/customers.csv`, '--incident', '0195f3c4-0000-7000-8000-000000000000', `${fixtures}/orders.csv`],
      ['--incident', 'not-a-uuid', `${fixtures}/orders.csv`],
    ]) {
      const res = await scope(...argv);
      expect(res.error).toBeInstanceOf(CommanderError);
      const e = res.error as CommanderError;
      expect(e.code.startsWith('breachdesk.') ? e.exitCode : 2).toBe(2);
    }
  });

  it('writes --out and prints a summary without --json', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'breachdesk-scope-out-'));
    try {
      const out = path.join(dir, 'result.json');
      const res = await scope('--customers', `${fixtures}/customers.csv`, `${fixtures}/orders.csv`, '--out', out, '--no-progress');
      expect(res.error).toBeNull();
      expect(res.out).toMatch(/2 affected customers/);
      expect((JSON.parse(readFileSync(out, 'utf8')) as ScopeJson).affected).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints with --json the same document it writes with --out', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'breachdesk-scope-out-'));
    try {
      const out = path.join(dir, 'result.json');
      const res = await scope(
        '--customers',
        `${fixtures}/customers.csv`,
        `${fixtures}/orders.csv`,
        '--out',
        out,
        '--json',
        '--no-progress',
      );
      expect(res.error).toBeNull();
      expect((JSON.parse(res.out) as ScopeJson).affected).toHaveLength(2);
      expect(res.out.trim()).toBe(readFileSync(out, 'utf8').trim());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('breachdesk scope --incident', () => {
  it('adds the files to the incident register with progress, and a second run of the same file adds nothing', async () => {
    const t = await createTestServices('sqlite');
    try {
      await seedCustomers(t.services, fixtureCustomers);
      const lead = await createActor(t.services, 'lead');
      const incident = await t.services.incidents.createIncident(lead, createIncidentInput.parse({ title: 'Leak' }));
      const withServices = async (fn: (s: Services) => Promise<number | void>) => void (await fn(t.services));
      const first = await scopeWith(withServices, '--incident', incident.id, `${fixtures}/orders.csv`, `${fixtures}/app.log`);
      expect(first.error).toBeNull();
      expect(first.out).toMatch(/Incident register: 2 affected customers, 1 unmatched individuals/);
      const again = await scopeWith(withServices, '--incident', incident.id, `${fixtures}/orders.csv`, '--json');
      expect(again.err).toMatch(/same content as tests\/fixtures\/scoping\/orders.csv, already scanned/);
      expect(JSON.parse(again.out)).toMatchObject({ affected_customers: 2, complete: true });
      const broken = await scopeWith(withServices, '--incident', incident.id, `${fixtures}/users.jsonl`);
      expect((broken.error as Error).message).toMatch(/incomplete/);
      expect(broken.out).toMatch(/Register INCOMPLETE/);
    } finally {
      await t.cleanup();
    }
  });
});

describe('damaged and unusual inputs', () => {
  let dir: string;
  let result: ScopeJson;
  const csv = 'email,name\nann.lee@example.com,Ann Lee\nmary@example.com,Mary Smith\n';

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'breachdesk-scope-bad-'));
    const big = gzipSync(Buffer.from(csv + 'x@y.example,Some One\n'.repeat(5000)));
    writeFileSync(path.join(dir, 'a_truncated.csv.gz'), big.subarray(0, Math.floor(big.length / 2)));
    writeFileSync(path.join(dir, 'b_garbage.bin'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    writeFileSync(
      path.join(dir, 'c_utf16.csv'),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('email,name\r\nelodie@example.fr,Élodie Lefèvre\r\n', 'utf16le')]),
    );
    writeFileSync(path.join(dir, 'd_latin1.csv'), Buffer.from('email;name\njuergen.gross@example.de;Jürgen Groß\n', 'latin1'));
    writeFileSync(path.join(dir, 'e_long.log'), `mary@example.com\n${'x'.repeat(3 * 1024 * 1024)}\nann.lee@example.com\n`);
    writeZip(path.join(dir, 'f_archive.zip'), [
      { name: 'inner/users.csv', data: Buffer.from(csv) },
      { name: 'inner/more.json.gz', data: gzipSync('[{"contact": {"email": "mary@example.com"}}]') },
    ]);
    writeFileSync(path.join(dir, 'g_corrupt.zip'), Buffer.from('PK\x03\x04 this is not really a zip archive'));
    const res = await scope('--customers', `${fixtures}/customers.csv`, dir, '--json', '--no-progress', '--max-record-mb', '1');
    result = JSON.parse(res.out) as ScopeJson;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const file = (name: string) => result.files.find((f) => f.file === path.join(dir, name))!;

  it('keeps the records before a truncated gzip stream and names the byte offset', () => {
    const f = file('a_truncated.csv.gz');
    expect(f).toMatchObject({ format: 'csv', compression: 'gzip' });
    expect(f.records).toBeGreaterThan(100);
    expect(f.errors[0]!.message).toMatch(/truncated gzip/);
    expect(f.errors[0]!.offset).toBeGreaterThan(0);
  });

  it('refuses binary garbage with the offset of the first binary byte', () => {
    expect(file('b_garbage.bin')).toMatchObject({ records: 0, errors: [{ offset: 0 }] });
  });

  it('decodes UTF-16 and Windows-1252', () => {
    expect(file('c_utf16.csv')).toMatchObject({ encoding: 'utf-16le', records: 1, errors: [] });
    expect(file('d_latin1.csv')).toMatchObject({ encoding: 'windows-1252', records: 1, errors: [] });
    const ids = result.affected.map((a) => a.customer_id);
    expect(ids).toEqual(expect.arrayContaining(['K-1001', 'K-1002', 'K-1003', 'K-1005']));
  });

  it('skips an over-long line with an error and reads on', () => {
    expect(file('e_long.log')).toMatchObject({ records: 2, errors: [{ line: 2 }] });
  });

  it('reads zip members (also gzip inside zip) and reports a corrupt archive', () => {
    expect(file('f_archive.zip!inner/users.csv')).toMatchObject({ format: 'csv', records: 2, errors: [] });
    expect(file('f_archive.zip!inner/more.json.gz')).toMatchObject({ format: 'json', compression: 'gzip', records: 1, errors: [] });
    expect(file('g_corrupt.zip')).toMatchObject({ format: 'zip', records: 0 });
    expect(file('g_corrupt.zip').errors[0]!.message).toMatch(/corrupt or truncated zip/);
    expect(result.complete).toBe(false);
  });
});
