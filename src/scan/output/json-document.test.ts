import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScope } from '../run/engine.js';
import type { ScopeJson, ScopeResult } from '../types.js';
import { loadCustomerMaster } from '../match/master-loader.js';
import { scopeJsonPieces, writeScopeJson } from './json-document.js';
import { generateSyntheticLeak } from '../synthetic/leak-generator.js';

describe('scoping result as a JSON document', () => {
  let dir: string;
  let result: ScopeResult;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'breachdesk-output-'));
    const leak = generateSyntheticLeak(path.join(dir, 'leak'), { seed: 5, customers: 1500 });
    const master = await loadCustomerMaster(leak.customersFile, { threads: 1 });
    result = await runScope({ customers: master.index, inputs: leak.leakPaths, threads: 1 });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints in pieces exactly what JSON.stringify prints', () => {
    expect(result.affected.length).toBeGreaterThan(100);
    expect(result.unmatched_individuals.length).toBeGreaterThan(10);
    expect([...scopeJsonPieces(result)].join('\n')).toBe(JSON.stringify(result, null, 2));
  });

  it('cuts a big register into pieces of whole lines, and writes it to a file', async () => {
    // Many copies of the affected list: more than one piece.
    const big: ScopeJson = {
      ...result,
      affected: Array.from({ length: 40 }, () => [...result.affected]).flat(),
      unmatched_individuals: [...result.unmatched_individuals],
    };
    const pieces = [...scopeJsonPieces(big)];
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('\n')).toBe(JSON.stringify(big, null, 2));
    const file = path.join(dir, 'out.json');
    await writeScopeJson(big, file);
    expect(readFileSync(file, 'utf8')).toBe(JSON.stringify(big, null, 2) + '\n');
  });

  it('prints empty lists as JSON.stringify does', () => {
    const empty: ScopeJson = { ...result, affected: [], review: [], unmatched_individuals: [] };
    expect([...scopeJsonPieces(empty)].join('\n')).toBe(JSON.stringify(empty, null, 2));
  });

  it('reports a file it cannot write', async () => {
    await expect(writeScopeJson(result, path.join(dir, 'missing-dir', 'out.json'))).rejects.toThrow(/ENOENT/);
  });
});
