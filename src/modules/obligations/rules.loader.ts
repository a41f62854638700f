import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Regime, regimeSchema } from './rules.schema.js';

export const RULES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../rules');

/** Thrown when a rules file is malformed; the message names the file and the field path. */
export class RulesError extends Error {}

function listJsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listJsonFiles(full);
    return entry.name.endsWith('.json') ? [full] : [];
  });
}

/** One regime file (e.g. `loadRegimeFile('us', 'us-ca')`), validated on its own: tests use it so a problem in another file cannot hide theirs. */
export function loadRegimeFile(dir: string, id: string, root: string = RULES_DIR): Regime {
  return regimeSchema.parse(JSON.parse(readFileSync(path.join(root, dir, `${id}.json`), 'utf8')));
}

/**
 * Loads and validates every rules file (one per regime). All problems in all files are collected so a
 * rules author sees everything at once. Regime and rule ids must be unique across files.
 */
export function loadRegimes(dir: string = RULES_DIR): Regime[] {
  const problems: string[] = [];
  const regimes: Regime[] = [];
  for (const file of listJsonFiles(dir).sort()) {
    const rel = path.relative(dir, file);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      problems.push(`${rel}: not valid JSON (${(err as Error).message})`);
      continue;
    }
    const parsed = regimeSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${rel}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
      continue;
    }
    if (path.basename(file, '.json') !== parsed.data.regime) problems.push(`${rel}: file name must be ${parsed.data.regime}.json`);
    regimes.push(parsed.data);
  }
  const seen = new Map<string, string>();
  for (const regime of regimes) {
    for (const id of [regime.regime, ...regime.rules.map((r) => r.id)]) {
      if (seen.has(id)) problems.push(`duplicate id ${id} (in ${seen.get(id)} and ${regime.regime})`);
      seen.set(id, regime.regime);
    }
  }
  if (problems.length) throw new RulesError(`Invalid rules data:\n  ${problems.join('\n  ')}`);
  return regimes;
}
