import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerIndexData } from './customer-index.js';
import { type CustomerMaster, loadCustomerMaster } from './master-loader.js';
import { generateSyntheticLeak } from '../synthetic/leak-generator.js';

/** Small ranges so that a small file is read by worker threads in several ranges. */
const threaded = { threads: 2, splitBytes: 1000, rangeBytes: 16 * 1024 };

const columns: Array<keyof CustomerIndexData> = [
  'flags',
  'emailHash',
  'nameHash',
  'postalHash',
  'nationalHash',
  'nationalCheck',
  'phoneDigits',
  'phoneLength',
  'country',
  'region',
];

/** The two indexes hold the same customers at the same positions with the same keys. */
function expectSameIndex(a: CustomerMaster, b: CustomerMaster) {
  expect(a.index.count).toBe(b.index.count);
  expect(a.index.customers).toBe(b.index.customers);
  expect(a.skipped).toBe(b.skipped);
  expect(a.report.records).toBe(b.report.records);
  expect(a.idColumn).toBe(b.idColumn);
  for (const c of columns)
    expect(Array.from(a.index.data[c] as ArrayLike<number>), c).toEqual(Array.from(b.index.data[c] as ArrayLike<number>));
  for (let i = 0; i < a.index.count; i++) {
    expect(a.index.idOf(i)).toBe(b.index.idOf(i));
    expect(a.index.countryOf(i)).toBe(b.index.countryOf(i));
    expect(a.index.lastNameOf(i)).toBe(b.index.lastNameOf(i));
  }
  for (const t of ['byEmail', 'byE164', 'byNational', 'byNamePostal'] as const) {
    expect(Array.from(a.index.data[t].slots), t).toEqual(Array.from(b.index.data[t].slots));
    expect(Array.from(a.index.data[t].groups), t).toEqual(Array.from(b.index.data[t].groups));
  }
}

describe('customer master in worker threads', () => {
  let dir: string;
  let customersFile: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'breachdesk-master-'));
    customersFile = generateSyntheticLeak(path.join(dir, 'leak'), { seed: 11, customers: 3000 }).customersFile;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('builds the same index from byte ranges as from one thread', async () => {
    const single = await loadCustomerMaster(customersFile, { threads: 1 });
    const ranged = await loadCustomerMaster(customersFile, threaded);
    expect(single.index.customers).toBe(3000);
    expectSameIndex(ranged, single);
    expect(ranged.ranges).toBeGreaterThan(4);
    expect(ranged.report.columns).toEqual(single.report.columns);
    const out: number[] = [];
    expect(ranged.index.findEmail('no-such-person@example.org', out)).toBe(0);
  });

  it('keeps the first row of a repeated id, also when the repeat is in a later range', async () => {
    const rows = ['customer_id,email,first_name,last_name,zip,country'];
    for (let i = 0; i < 4000; i++) rows.push(`K${i},person${i}@example.org,Ann,Lee${i % 50},${10000 + i},DE`);
    // Repeats far from their first row (other ranges) and next to it, with other data.
    rows.push('K7,repeat-far@example.org,Bob,Other,99999,FR', 'K3999,repeat-near@example.org,Bob,Other,99999,FR');
    for (let i = 4000; i < 4500; i++) rows.push(`K${i},person${i}@example.org,Ann,Lee${i % 50},${10000 + i},DE`);
    rows.push('K4100,repeat-late@example.org,Bob,Other,99999,FR', ',no-id@example.org,Bob,Other,99999,FR');
    const file = path.join(dir, 'repeats.csv');
    writeFileSync(file, rows.join('\n') + '\n');
    expect(readFileSync(file).length).toBeGreaterThan(threaded.rangeBytes * 4);
    for (const opts of [{ threads: 1 }, threaded]) {
      const m = await loadCustomerMaster(file, opts);
      if (opts.threads === 1) expect(m.ranges).toBe(1);
      else expect(m.ranges).toBeGreaterThan(4);
      expect(m.index.customers).toBe(4500);
      expect(m.skipped).toBe(4);
      const out: number[] = [];
      for (const email of ['repeat-far@example.org', 'repeat-near@example.org', 'repeat-late@example.org', 'no-id@example.org'])
        expect(m.index.findEmail(email, out), email).toBe(0);
      expect(m.index.findEmail('person7@example.org', out)).toBe(1);
      expect(m.index.idOf(out[0]!)).toBe('K7');
      expect(m.index.countryOf(out[0]!)).toBe('DE');
      expect(m.index.findEmail('person4100@example.org', out)).toBe(1);
      expect(m.index.idOf(out[0]!)).toBe('K4100');
    }
  });

  it('reads a master with quoted line breaks across range ends in one thread, with the same result', async () => {
    const rows = ['customer_id,email,note'];
    for (let i = 0; i < 2000; i++) rows.push(`N${i},n${i}@example.org,"first line\nsecond line\nthird line with some more text"`);
    const file = path.join(dir, 'notes.csv');
    writeFileSync(file, rows.join('\n') + '\n');
    const single = await loadCustomerMaster(file, { threads: 1 });
    const ranged = await loadCustomerMaster(file, threaded);
    expect(single.index.customers).toBe(2000);
    expect(ranged.ranges).toBe(1);
    expectSameIndex(ranged, single);
  });

  it('names the missing id column in threaded loads too', async () => {
    const rows = ['email,first_name,last_name'];
    for (let i = 0; i < 3000; i++) rows.push(`x${i}@example.org,Ann,Lee`);
    const file = path.join(dir, 'no-id.csv');
    writeFileSync(file, rows.join('\n') + '\n');
    await expect(loadCustomerMaster(file, threaded)).rejects.toThrow(/customer id; pass --id-column/);
    await expect(loadCustomerMaster(file, { ...threaded, idColumn: 'account' })).rejects.toThrow(/no column named account/);
  });
});
