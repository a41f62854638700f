import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './main.js';

/** Runs the CLI in-process with captured output, against a temp data dir (SQLite). */
function cli(env: Record<string, string>, stdin = '') {
  return async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s), stdin: () => stdin, env });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
}

describe('breachdesk CLI', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'breachdesk-cli-'));
    env = { BREACHDESK_DATA_DIR: dir };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints help with every command and the configuration table', async () => {
    const res = await cli(env)('--help');
    expect(res.code).toBe(0);
    for (const word of ['serve', 'worker', 'migrate', 'user', 'demo', 'audit', 'DATABASE_URL', 'BREACHDESK_SECRET_KEY'])
      expect(res.out).toContain(word);
  });

  it('exits 2 with a helpful message on an unknown command or bad flag', async () => {
    const unknown = await cli(env)('launch');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/unknown command 'launch'/);
    const badFlag = await cli(env)('user', 'create', '--email', 'a@b.example', '--role', 'king');
    expect(badFlag.code).toBe(2);
    expect(badFlag.err).toMatch(/Allowed choices are admin, lead/);
    const badEmail = await cli(env)('user', 'create', '--email', 'nope', '--role', 'admin');
    expect(badEmail.code).toBe(2);
    expect(badEmail.err).toMatch(/not a valid email/);
    expect((await cli(env)('audit', 'verify', '--frobnicate')).code).toBe(2);
  });

  it('lists every bad environment variable at once', async () => {
    const res = await cli({ ...env, PORT: 'abc', DATABASE_URL: 'mysql://x', BREACHDESK_SECRET_KEY: 'short' })('migrate');
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/PORT/);
    expect(res.err).toMatch(/DATABASE_URL: must start with postgres:\/\//);
    expect(res.err).toMatch(/BREACHDESK_SECRET_KEY/);
  });

  it('migrates, creates users with a generated or piped password, refuses duplicates', async () => {
    expect((await cli(env)('migrate')).code).toBe(0);
    expect((await cli(env)('migrate')).out).toBe('Database is up to date.');
    const gen = await cli(env)('user', 'create', '--email', 'ciso@shop.example', '--role', 'admin');
    expect(gen.code).toBe(0);
    expect(gen.out).toMatch(/Password \(shown once\): [a-z2-7-]{20,}/);
    const piped = await cli(env, 'a piped long password\n')(
      'user',
      'create',
      '--email',
      'legal@shop.example',
      '--role',
      'legal',
      '--password-stdin',
    );
    expect(piped.code).toBe(0);
    expect(piped.out).not.toMatch(/Password/);
    const dup = await cli(env)('user', 'create', '--email', 'CISO@shop.example', '--role', 'viewer');
    expect(dup.code).toBe(1);
    expect(dup.err).toMatch(/already exists/);
  });

  it('sends a test mail into the outbox when no SMTP server is configured', async () => {
    const res = await cli(env)('mail', 'test', '--to', 'ops@shop.example');
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/No SMTP_URL set: written to .*outbox.*\.eml/);
    expect((await cli(env)('mail', 'test', '--to', 'nope')).code).toBe(2);
  });

  it('evaluates an obligations scenario file as JSON or a table, and names bad fields', async () => {
    const file = path.join(dir, 'scenario.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      file,
      JSON.stringify({
        aware_at: '2026-03-02T15:00:00Z',
        entity: { countries: ['US'], card_merchant: true },
        risk_of_harm: 'unknown',
        affected: [{ jurisdiction: 'US-CA', count: 1200, data_types: ['name', 'ssn', 'email'] }],
      }),
    );
    const json = await cli(env)('obligations', '--input', file, '--json');
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.out) as {
      obligations: Array<{ rule_id: string; jurisdiction: string; deadline: { due_at: string | null } }>;
    };
    expect(doc.obligations.find((o) => o.rule_id === 'us-ca.individuals')).toMatchObject({
      jurisdiction: 'US-CA',
      deadline: { due_at: '2026-04-01T14:00:00.000Z' },
    });
    const table = await cli(env)('obligations', '--input', file);
    expect(table.out).toMatch(/not legal advice/);
    expect(table.out).toMatch(/2026-04-01T14:00:00.000Z\s+us-ca\s+Affected California residents\s+REQUIRED/);
    writeFileSync(file, JSON.stringify({ aware_at: '2026-03-02', affected: [{ jurisdiction: 'US-CA', count: 1, data_types: ['ssn'] }] }));
    const bad = await cli(env)('obligations', '--input', file, '--json');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/aware_at/);
    writeFileSync(file, '{ nope');
    expect((await cli(env)('obligations', '--input', file)).err).toMatch(/is not valid JSON/);
    expect((await cli(env)('obligations')).code).toBe(2);
  });

  it('seeds the demo idempotently and prints the login', async () => {
    const first = await cli(env)('demo');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/Created drill incident/);
    expect(first.out).toMatch(/Log in as demo-admin@breachdesk.local with password demo-/);
    const second = await cli(env)('demo');
    expect(second.out).toMatch(/Found existing drill incident/);
    expect(second.out.match(/[0-9a-f-]{36}/)![0]).toBe(first.out.match(/[0-9a-f-]{36}/)![0]);
  });

  it('verifies the audit chain, checks an anchor, and exits 1 naming the first tampered entry', async () => {
    const ok = await cli(env)('audit', 'verify');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/Audit chain intact: \d+ entries/);
    const headRun = await cli(env)('audit', 'head');
    expect(headRun.code).toBe(0);
    const head = JSON.parse(headRun.out) as { count: number; hash: string };
    expect((await cli(env)('audit', 'verify', '--anchor', 'foo')).code).toBe(2);
    expect((await cli(env)('audit', 'verify', '--anchor', `${head.count}:${head.hash}`)).code).toBe(0);
    expect((await cli(env)('audit', 'verify', '--anchor', `${head.count}:${'f'.repeat(64)}`)).code).toBe(1);

    const { default: Database } = await import('better-sqlite3');
    const file = new Database(path.join(dir, 'breachdesk.sqlite'));
    file.prepare("update audit_entries set action = 'incident.nothing' where seq = 4").run();
    file.close();
    const bad = await cli(env)('audit', 'verify');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/BROKEN at entry 4/);
  });
});

describe('audit chain with concurrent processes on one SQLite file', () => {
  it('keeps one unbroken chain when several CLI processes write at the same time', async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const run = promisify(execFile);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'breachdesk-multi-'));
    const env = { ...process.env, BREACHDESK_DATA_DIR: dir };
    const bin = path.resolve(import.meta.dirname, '../../bin/breachdesk.js');
    try {
      await run(process.execPath, [bin, 'migrate'], { env });
      await Promise.all(
        Array.from({ length: 4 }, (_, i) =>
          run(process.execPath, [bin, 'user', 'create', '--email', `p${i}@shop.example`, '--role', 'viewer'], { env }),
        ),
      );
      const verify = await run(process.execPath, [bin, 'audit', 'verify'], { env });
      expect(verify.stdout).toMatch(/Audit chain intact: 4 entries/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
