import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCustomerMaster } from '../match/master-loader.js';
import { runScope } from './engine.js';
import type { ScopeResult } from '../types.js';
import { generateSyntheticLeak, type SyntheticLeak } from '../synthetic/leak-generator.js';

describe.each([20240601, 7])('accuracy on a synthetic leak (seed %i)', (seed) => {
  let dir: string;
  let leak: SyntheticLeak;
  let result: ScopeResult;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'breachdesk-scope-'));
    leak = generateSyntheticLeak(dir, { seed, customers: 3000 });
    const master = await loadCustomerMaster(leak.customersFile);
    result = await runScope({ customers: master.index, inputs: leak.leakPaths });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads every file completely', () => {
    expect(result.files.flatMap((f) => f.errors.map((e) => `${f.file}: ${e.message}`))).toEqual([]);
    expect(result.complete).toBe(true);
    expect(result.files.reduce((n, f) => n + f.records, 0)).toBe(leak.leakRecords);
  });

  it('finds the affected customers with recall ≥ 0.995 and precision ≥ 0.99', () => {
    const found = new Set([...result.affected].map((a) => a.customer_id));
    const truth = new Set(leak.expected.keys());
    const truePositives = [...found].filter((id) => truth.has(id)).length;
    const recall = truePositives / truth.size;
    const precision = truePositives / found.size;
    const missed = [...truth].filter((id) => !found.has(id)).slice(0, 5);
    const extra = [...found].filter((id) => !truth.has(id)).slice(0, 5);
    expect({ recall: recall >= 0.995, precision: precision >= 0.99, missed, extra }).toEqual({
      recall: true,
      precision: true,
      missed: [],
      extra: [],
    });
  });

  it('reports the exact data-type set for ≥ 98 % of customers and no type from a decoy', () => {
    let exact = 0;
    let decoyTypes = 0;
    const wrong: string[] = [];
    for (const a of result.affected) {
      const want = leak.expected.get(a.customer_id);
      if (!want) continue;
      const got = new Set(a.data_types);
      const same = got.size === want.size && [...want].every((t) => got.has(t));
      if (same) exact++;
      else if (wrong.length < 5) wrong.push(`${a.customer_id}: got ${[...got].join(',')} want ${[...want].join(',')}`);
      decoyTypes += [...got].filter((t) => !want.has(t)).length;
    }
    expect({ rate: exact / leak.expected.size >= 0.98, decoyTypes, wrong }).toEqual({ rate: true, decoyTypes: 0, wrong: [] });
  });

  it('sends people who share a name and postal code to review instead of merging them', () => {
    const found = new Set([...result.affected].map((a) => a.customer_id));
    for (const id of leak.expectedReview) expect(found.has(id)).toBe(false);
    const reviewed = new Set(result.review.flatMap((r) => r.candidates));
    for (const id of leak.expectedReview) expect(reviewed.has(id)).toBe(true);
  });

  it('keeps non-customers as unmatched individuals with their contact data', () => {
    expect(result.unmatched_records).toBeGreaterThan(0);
    expect(result.unmatched_individuals.length).toBeGreaterThan(0);
    expect([...result.unmatched_individuals].every((u) => u.email || u.phone || u.postal_code)).toBe(true);
    expect(result.authenticity.match_rate).toBeGreaterThan(0.5);
    expect(result.authenticity.consistency_rate).toBeGreaterThan(0.95);
  });
});
