import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScope } from '../run/engine.js';
import type { ScopeResult } from '../types.js';
import { type CustomerMaster, loadCustomerMaster } from '../match/master-loader.js';
import { generateSyntheticLeak } from '../synthetic/leak-generator.js';
import { planRanges } from '../run/thread-pool.js';

/**
 * A result in a form that does not depend on the order records were read in. A one-thread read holds a
 * table's first rows until the table is classified, a threaded one (tables classified beforehand) does
 * not, so with several tables the unmatched individuals and review items can come in another order, and an
 * unmatched person's name or postal code can come from another of their records. Everything else is equal.
 */
const plain = (r: ScopeResult) => ({
  ...r,
  affected: [...r.affected],
  review: [...r.review].sort((a, b) => a.line - b.line || a.file.localeCompare(b.file)),
  unmatched_individuals: [...r.unmatched_individuals]
    .map((u) => ({ email: u.email, phone: u.phone, data_types: u.data_types, records: u.sources.reduce((n, x) => n + x.records, 0) }))
    .sort((a, b) => `${a.email}${a.phone}`.localeCompare(`${b.email}${b.phone}`)),
});

/** A mysqldump-like dump: two tables, extended INSERTs, one table without column list (columns from CREATE TABLE). */
function dump(rows: number, emails: string[], opts: { fakeStatementInString?: boolean; ignore?: boolean } = {}): string {
  const out = [
    '-- MySQL dump 10.13',
    '/*!40101 SET NAMES utf8mb4 */;',
    'CREATE TABLE `users` (`id` int NOT NULL, `email` varchar(255), `first_name` varchar(99), `last_name` varchar(99), `zip` varchar(16), PRIMARY KEY (`id`)) ENGINE=InnoDB;',
    'CREATE TABLE `payments` (`id` int, `user_email` varchar(255), `card_number` varchar(32), `note` text) ENGINE=InnoDB;',
  ];
  let users: string[] = [];
  let payments: string[] = [];
  const flush = () => {
    if (users.length) out.push(`INSERT INTO \`users\` VALUES ${users.join(',')};`);
    if (payments.length)
      out.push(
        `INSERT ${opts.ignore ? 'IGNORE ' : ''}INTO \`payments\` (\`id\`,\`user_email\`,\`card_number\`,\`note\`) VALUES ${payments.join(',')};`,
      );
    users = [];
    payments = [];
  };
  for (let i = 0; i < rows; i++) {
    users.push(`(${i},'${emails[i % emails.length]}','Ann','Lee${i % 37}','${10000 + (i % 500)}')`);
    const note = opts.fakeStatementInString && i % 7 === 0 ? "it\\'s\nINSERT INTO `users` VALUES (1)" : `order ${i}`;
    // Raw line feeds inside strings are what mysqldump never writes; the fake case puts one there on purpose.
    payments.push(
      `(${i},'${emails[(i * 7) % emails.length]}','4539148803436467','${note.replace(/\n/g, opts.fakeStatementInString ? '\n' : '\\n')}')`,
    );
    if (users.length === 40) flush();
  }
  flush();
  return out.join('\n') + '\n';
}

describe('MySQL dumps in worker threads', () => {
  let dir: string;
  let master: CustomerMaster;
  /** Emails of some customers, and of strangers. */
  let emails: string[];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'breachdesk-sqlplan-'));
    const leak = generateSyntheticLeak(path.join(dir, 'leak'), { seed: 3, customers: 1200 });
    master = await loadCustomerMaster(leak.customersFile, { threads: 1 });
    const rows = parse<Record<string, string>>(readFileSync(leak.customersFile, 'utf8'), { columns: true, bom: true });
    const known = rows.map((r) => r['E-mail Address']!).filter((e) => /^[^\s'\\]+@[^\s']+$/.test(e));
    emails = [...known.slice(0, 600), ...Array.from({ length: 300 }, (_, i) => `stranger${i}@example.net`)];
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const scan = async (file: string) => {
    const single = await runScope({ customers: master.index, inputs: [file], threads: 1 });
    const threaded = await runScope({ customers: master.index, inputs: [file], threads: 2, splitBytes: 4096 });
    return { single, threaded };
  };

  it('splits a dump at INSERT lines with every table classified as one thread would, and gives the same result', async () => {
    const file = path.join(dir, 'shop.sql');
    writeFileSync(file, dump(6000, emails));
    const ranges = await planRanges({ absolute: file, display: file }, {}, 4, 4096);
    expect(ranges?.length).toBe(4);
    for (const r of ranges!.slice(1)) expect(r.sql!.createdBefore.map(([t]) => t).sort()).toEqual(['payments', 'users']);
    expect(Object.fromEntries(ranges![0]!.sql!.schemas.map(([t, s]) => [t, s.roles]))).toMatchObject({
      users: expect.arrayContaining(['customer_id', 'email', 'first_name', 'postal_code']),
      payments: expect.arrayContaining(['email', 'card_pan']),
    });
    const { single, threaded } = await scan(file);
    expect(single.files[0]!.records).toBe(12000);
    expect(single.affected.length).toBeGreaterThan(300);
    expect(single.unmatched_individuals.length).toBeGreaterThanOrEqual(300);
    expect(single.data_type_totals.email).toBeGreaterThan(300);
    expect(plain(threaded)).toEqual(plain(single));
  });

  it('finds statements written in lower case too, with the same result as one thread', async () => {
    const file = path.join(dir, 'lower.sql');
    writeFileSync(file, dump(6000, emails).replaceAll('INSERT INTO', 'insert into').replaceAll('CREATE TABLE', 'create table'));
    const ranges = await planRanges({ absolute: file, display: file }, {}, 4, 4096);
    expect(ranges?.length).toBe(4);
    expect(ranges![3]!.sql!.createdBefore.map(([t]) => t).sort()).toEqual(['payments', 'users']);
    const { single, threaded } = await scan(file);
    expect(single.affected.length).toBeGreaterThan(300);
    expect(plain(threaded)).toEqual(plain(single));
  });

  it('reads the dump whole when a range starts inside a string (a line feed mysqldump would have escaped)', async () => {
    const file = path.join(dir, 'fake.sql');
    const text = dump(6000, emails, { fakeStatementInString: true });
    writeFileSync(file, text);
    // Some range starts at a fake statement inside a string: its range ends inside a statement.
    const ranges = await planRanges({ absolute: file, display: file }, {}, 4, 4096);
    const fakes = new Set<number>();
    const fake = Buffer.from("it\\'s\nINSERT INTO");
    const bytes = Buffer.from(text);
    for (let at = bytes.indexOf(fake); at !== -1; at = bytes.indexOf(fake, at + 1)) fakes.add(at + 6);
    expect(ranges!.some((r) => fakes.has(r.start))).toBe(true);
    const { single, threaded } = await scan(file);
    expect(plain(threaded)).toEqual(plain(single));
  });

  it('passes over unneeded columns by name when INSERTs list their columns in another order', async () => {
    const file = path.join(dir, 'order.sql');
    const first = Array.from({ length: 1200 }, (_, i) => `(${i},'stranger${i}@example.net','shipped')`);
    writeFileSync(
      file,
      [
        'INSERT INTO `t` (`id`,`email`,`status`) VALUES ' + first.join(',') + ';',
        `INSERT INTO \`t\` (\`status\`,\`id\`,\`email\`) VALUES ('shipped',5000,'${emails[0]}');`,
        '',
      ].join('\n'),
    );
    for (const threads of [1, 2]) {
      const r = await runScope({ customers: master.index, inputs: [file], threads, splitBytes: 4096 });
      expect(r.files[0]!.columns.find((c) => c.name === 't.status')?.data_type ?? null).toBeNull();
      expect(r.affected.length).toBe(1);
      expect(r.unmatched_individuals.length).toBe(1200);
    }
  });

  it('does not split dumps with statements it does not plan for', async () => {
    const file = path.join(dir, 'ignore.sql');
    writeFileSync(file, dump(3000, emails, { ignore: true }));
    expect(await planRanges({ absolute: file, display: file }, {}, 4, 4096)).toBeNull();
    const { single, threaded } = await scan(file);
    expect(plain(threaded)).toEqual(plain(single));
  });
});
