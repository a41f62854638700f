import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCustomerMaster, type CustomerMaster } from '../match/master-loader.js';
import { runScope } from './engine.js';
import type { ScopeResult } from '../types.js';
import { generateSyntheticLeak, type SyntheticLeak } from '../synthetic/leak-generator.js';
import { keptScanWorkers, planRanges } from './thread-pool.js';

describe('worker threads', () => {
  let dir: string;
  let leak: SyntheticLeak;
  let master: CustomerMaster;
  let inputs: string[];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'breachdesk-threads-'));
    leak = generateSyntheticLeak(path.join(dir, 'leak'), { seed: 7, customers: 3000 });
    master = await loadCustomerMaster(leak.customersFile);
    // Bigger plain files, so that they are split into several byte ranges: the CSV with quoted newlines
    // (some range ends fall inside a quoted field), a web log, and JSON Lines made from the CSV rows.
    const leakDir = path.join(dir, 'leak');
    const files = readdirSync(leakDir, { recursive: true }).map(String);
    const csv = files.find((f) => f.endsWith('orders_export.csv'))!;
    const log = files.find((f) => f.endsWith('.log'))!;
    const big = path.join(dir, 'big');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(big);
    const csvText = readFileSync(path.join(leakDir, csv));
    writeFileSync(path.join(big, 'orders.csv'), csvText);
    const body = csvText.subarray(csvText.indexOf(10) + 1);
    for (let i = 0; i < 5; i++) appendFileSync(path.join(big, 'orders.csv'), body);
    const logText = readFileSync(path.join(leakDir, log));
    for (let i = 0; i < 4; i++) appendFileSync(path.join(big, 'app.log'), logText);
    const lines = logText
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .map((l, i) => JSON.stringify({ n: i, message: l, user: { email: `person${i % 500}@example.org` } }));
    writeFileSync(path.join(big, 'events.jsonl'), lines.join('\n') + '\n');
    // Mostly line feeds inside quoted fields: a range end falls inside a record, so the file is read again whole.
    const notes = ['email,note'];
    for (let i = 0; i < 1500; i++) notes.push(`person${i}@example.org,"line one\nline two\nline three\nline four"`);
    writeFileSync(path.join(big, 'notes.csv'), notes.join('\n') + '\n');
    inputs = [...leak.leakPaths, big];
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('splits big plain files into byte ranges that start after a line feed', async () => {
    const file = path.join(dir, 'big', 'app.log');
    const ranges = await planRanges({ absolute: file, display: file }, {}, 4, 1000);
    expect(ranges).not.toBeNull();
    expect(ranges!.length).toBe(4);
    const bytes = readFileSync(file);
    for (const r of ranges!.slice(1)) expect(bytes[r.start - 1]).toBe(10);
    expect(ranges![ranges!.length - 1]!.end).toBe(statSync(file).size);
  });

  it('notices a range that does not end on a record boundary', async () => {
    const file = path.join(dir, 'big', 'notes.csv');
    const ranges = await planRanges({ absolute: file, display: file }, {}, 4, 1000);
    const { ScopeCollector } = await import('../collect/collector.js');
    const { scanRangeInto } = await import('./file-scan.js');
    const hooks = { record() {}, bytes() {} };
    const outcomes = [];
    for (const r of ranges!) outcomes.push(await scanRangeInto(new ScopeCollector(master.index, 10), r, {}, hooks));
    expect(outcomes.slice(0, -1).some((o) => !o.boundary)).toBe(true);
  });

  it('gives exactly the result of a single-threaded run', async () => {
    const single = await runScope({ customers: master.index, inputs, threads: 1 });
    const threaded = await runScope({ customers: master.index, inputs, threads: 2, splitBytes: 4096 });
    const wholeFiles = await runScope({ customers: master.index, inputs, threads: 2 });
    expect(single.affected.length).toBeGreaterThan(100);
    expect(single.review_total).toBeGreaterThan(0);
    // Compared as plain data: the lists are read from differently laid out stores.
    const plain = (r: ScopeResult) => ({ ...r, affected: [...r.affected], unmatched_individuals: [...r.unmatched_individuals] });
    expect(single.unmatched_individuals.length).toBeGreaterThan(10);
    expect(plain(threaded)).toEqual(plain(single));
    expect(plain(wholeFiles)).toEqual(plain(single));
    // The worker of a finished run is kept, and the next run (another index) uses it with the same result.
    expect(keptScanWorkers()).toBe(1);
    const other = await loadCustomerMaster(leak.customersFile, { threads: 1 });
    const again = await runScope({ customers: other.index, inputs, threads: 2, splitBytes: 4096 });
    expect(keptScanWorkers()).toBe(1);
    expect(plain(again)).toEqual(plain(single));
  }, 60_000);

  it('reports progress and can be cancelled', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const run = runScope({
      customers: master.index,
      inputs,
      threads: 2,
      splitBytes: 4096,
      signal: controller.signal,
      onProgress: (p) => seen.push(p.records),
    });
    controller.abort(new Error('stop'));
    await expect(run).rejects.toThrow('stop');
    // A cancelled run stops its worker instead of keeping it for the next run.
    expect(keptScanWorkers()).toBe(0);
  });
});
