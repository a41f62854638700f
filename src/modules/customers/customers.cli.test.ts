import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bd-customers-cli-'));
// Without DATABASE_URL the CLI uses SQLite in the data directory.
const { DATABASE_URL: _pg, ...inherited } = process.env;
const env = {
  ...inherited,
  BREACHDESK_DATA_DIR: dataDir,
  BREACHDESK_SECRET_KEY: Buffer.alloc(32, 5).toString('base64'),
};
const fixtures = 'tests/fixtures/customers';

/** Runs the real command line, as a user would. */
function breachdesk(...args: string[]) {
  const r = spawnSync('node', ['bin/breachdesk.js', ...args], { env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('breachdesk customers import', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('previews with --dry-run: mapping with reasons, counts, skipped lines, jurisdictions, masked samples; writes nothing', () => {
    const r = breachdesk('customers', 'import', `${fixtures}/shop.csv`, '--dry-run', '--no-progress');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/E-Mail\s+→ email\s+header name/);
    expect(r.out).toMatch(/8 read; 6 would be inserted, 0 would be updated; 2 skipped \(1 missing id, 1 duplicate id in the file\)/);
    expect(r.out).toContain('line 5 missing id; line 7 duplicate id');
    expect(r.out).toMatch(/Jurisdictions: .*US-CA 1/);
    expect(r.out).toContain('email=j***@e***.com');
    expect(r.out).not.toContain('john.doe');
    expect(r.out).toContain('Dry run: nothing was written.');
    const json = breachdesk('customers', 'import', `${fixtures}/shop.csv`, '--dry-run', '--json');
    expect(JSON.parse(json.out)).toMatchObject({ dry_run: true, inserted: 6 });
  });

  it('imports, and re-imports as updates', () => {
    const first = JSON.parse(breachdesk('customers', 'import', `${fixtures}/shop.csv`, '--json').out);
    expect(first).toMatchObject({ inserted: 6, updated: 0 });
    const again = JSON.parse(breachdesk('customers', 'import', `${fixtures}/shop.csv`, '--json', '--map', 'email=E-Mail').out);
    expect(again).toMatchObject({ inserted: 0, updated: 6 });
    expect(again.mapping.find((m: { column: string }) => m.column === 'E-Mail').how).toBe('override');
  });

  it('exits 2 for an unknown field or column or a missing file, 1 for a malformed file (naming file and line)', () => {
    const field = breachdesk('customers', 'import', `${fixtures}/shop.csv`, '--map', 'mail=E-Mail');
    expect(field.code).toBe(2);
    expect(field.err).toMatch(/unknown field "mail"/);
    const column = breachdesk('customers', 'import', `${fixtures}/shop.csv`, '--map', 'email=Mail');
    expect(column.code).toBe(2);
    expect(column.err).toMatch(/no column named "Mail" \(for email\); columns: Kundennummer, E-Mail/);
    expect(breachdesk('customers', 'import', `${fixtures}/missing.csv`).code).toBe(2);
    const bad = breachdesk('customers', 'import', `${fixtures}/broken.jsonl`);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/Cannot import broken.jsonl: line 2: invalid JSON/);
  });
});
