/**
 * `breachdesk scope --customers customers.csv LEAK_FILE_OR_DIR... [--json] [--out result.json]`: the
 * standalone scoping run for scripts and CI. Prints one JSON document (the register) or a short summary;
 * progress goes to standard error. Exit codes follow the CLI: 0 complete, 1 when a file had errors (the
 * document is still written, with "complete": false), 2 for usage errors.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { type Command, CommanderError } from 'commander';
import { z } from 'zod';
import {
  CustomerMasterError,
  loadCustomerMaster,
  prestartScopeThreads,
  runScope,
  type ScopeResult,
  scopeJsonPieces,
  writeScopeJson,
  createProgressReporter,
  expandInputs,
} from '../../scan/index.js';
import type { Services } from '../../composition.js';
import { cliOperator } from '../auth/auth.permissions.js';

type ScopeIo = { out(s: string): void; err(s: string): void; stderr?: { isTTY?: boolean; write(s: string): unknown } };
type WithServices = (fn: (s: Services) => Promise<number | void>) => Promise<void>;

const optionsSchema = z.object({
  customers: z.string().min(1).optional(),
  incident: z.uuid('must be an incident id (UUID)').optional(),
  idColumn: z.string().min(1).optional(),
  json: z.boolean().optional(),
  out: z.string().min(1).optional(),
  progress: z.boolean(),
  maxRecordMb: z.coerce.number().positive().max(4096).optional(),
});

/** Thrown after the document is written when the run was incomplete, so the process exits 1. */
export class ScopeIncompleteError extends Error {
  override name = 'ScopeIncompleteError';
}

const usage = (message: string) => new CommanderError(2, 'breachdesk.scope-usage', `error: ${message}`);

/** Registers `scope` on the program. */
export function registerScopeCommand(program: Command, io: ScopeIo, withServices: WithServices): void {
  program
    .command('scope')
    .description(
      'find which customers and which of their data are in leaked files (CSV/TSV, JSON/JSONL, SQL dumps, HTML, XLSX, text and logs; also inside .gz/.zip, nested)',
    )
    .argument('<leak...>', 'leaked files or directories')
    .option('--customers <file>', 'customer master (CSV, TSV, JSON Lines or JSON) with any header names: a standalone run')
    .option('--incident <id>', 'add the files to this incident and scan them against the stored customer master (its register grows)')
    .option('--id-column <name>', 'column of the customer master that holds the customer id (default: detected)')
    .option('--json', 'print the result as one JSON document')
    .option('--out <file>', 'write the JSON document to a file')
    .option('--no-progress', 'do not print progress on standard error')
    .option('--max-record-mb <n>', 'largest record (line, row, object) read, in MiB; larger ones are reported as errors', '16')
    .action(async (leaks: string[], raw: unknown) => {
      const parsed = optionsSchema.safeParse(raw);
      if (!parsed.success) throw usage(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '));
      const opts = parsed.data;
      if (!opts.customers === !opts.incident) throw usage('give exactly one of --customers FILE (standalone) or --incident ID');
      const missing = leaks.filter((l) => !existsSync(l));
      if (missing.length) throw usage(`leak file or directory not found: ${missing.join(', ')}`);
      const stderr = io.stderr ?? (process.stderr.isTTY ? process.stderr : { isTTY: false, write: (s: string) => io.err(s.trimEnd()) });
      if (opts.incident) {
        await withServices((s) => scopeIncident(s, opts.incident!, leaks, { ...opts, stderr }, io));
        return;
      }
      if (!existsSync(opts.customers!)) throw usage(`customer file not found: ${opts.customers}`);

      const totalBytes = (await expandInputs(leaks)).reduce((n, f) => n + statSync(f.absolute).size, 0);
      // The scan's worker threads start (load their modules) while the master loads.
      prestartScopeThreads(totalBytes);
      const started = performance.now();
      let master;
      try {
        master = await loadCustomerMaster(opts.customers!, { idColumn: opts.idColumn });
      } catch (err) {
        if (err instanceof CustomerMasterError) throw usage(err.message);
        throw err;
      }
      if (opts.progress)
        io.err(
          `scope: ${master.index.customers} customers loaded (id column ${master.idColumn}) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
        );

      const reporter = opts.progress ? createProgressReporter(stderr, totalBytes) : null;
      const result = await runScope({
        customers: master.index,
        inputs: leaks,
        maxRecordChars: opts.maxRecordMb ? Math.floor(opts.maxRecordMb * 1024 * 1024) : undefined,
        onProgress: (p) => reporter?.update(p),
      });
      reporter?.done();

      // Written in pieces: the document of a big run does not fit in one string.
      if (opts.out) await writeScopeJson(result, opts.out, opts.json ? (piece) => io.out(piece) : undefined);
      else if (opts.json) for (const piece of scopeJsonPieces(result)) io.out(piece);
      if (!opts.json) io.out(summarize(result, opts.out));
      if (!result.complete) {
        const bad = result.files.filter((f) => f.errors.length).map((f) => f.file);
        throw new ScopeIncompleteError(`scope run incomplete: errors in ${bad.join(', ')} (see "errors" per file)`);
      }
    });
}

/** The terminal summary: affected people, data types, files and their errors. */
export function summarize(result: ScopeResult, out?: string): string {
  const lines = [
    `${result.affected.length} affected customers, ${result.unmatched_records} unmatched records (${result.unmatched_individuals.length} reachable individuals), ${result.review_total} records to review.`,
    '',
    'Affected customers by data type:',
    ...Object.entries(result.data_type_totals)
      .filter(([, n]) => n > 0)
      .map(([t, n]) => `  ${t.padEnd(18)} ${n}`),
    '',
    'Files:',
    ...result.files.map(
      (f) =>
        `  ${f.file}: ${f.format}${f.compression ? ` (${f.compression})` : ''}, ${f.records} records` +
        (f.errors.length
          ? `, ${f.errors.length} error(s): ${f.errors.map((e) => `${e.line ? `line ${e.line}: ` : e.offset !== undefined ? `byte ${e.offset}: ` : ''}${e.message}`).join('; ')}`
          : ''),
    ),
    '',
    result.complete ? 'Run complete.' : 'Run INCOMPLETE: some files could not be read entirely.',
    out ? `Result written to ${out}.` : 'Use --json or --out FILE for the full register.',
  ];
  return lines.join('\n');
}

/** `scope --incident`: the files join the incident's register (duplicates by content are skipped), scanned now with progress. */
async function scopeIncident(
  s: Services,
  incidentId: string,
  leaks: string[],
  opts: { json?: boolean; out?: string; progress: boolean; stderr: { isTTY?: boolean; write(s: string): unknown } },
  io: ScopeIo,
): Promise<number> {
  const actor = cliOperator('scope');
  const added = await s.scoping.addFiles(actor, incidentId, { paths: leaks, evidence_ids: [] });
  for (const f of added.files)
    if (f.duplicate_of) io.err(`scope: ${f.name} has the same content as ${f.duplicate_of}, already scanned: not counted again`);
  let reporter: ReturnType<typeof createProgressReporter> | null = null;
  await s.scoping.executeRun(added.run_id, {
    onProgress: (p) => {
      if (!opts.progress) return;
      reporter ??= createProgressReporter(opts.stderr, p.totalBytes);
      reporter.update(p);
    },
  });
  (reporter as ReturnType<typeof createProgressReporter> | null)?.done();
  const summary = await s.scoping.summary(actor, incidentId);
  const json = JSON.stringify(summary, null, 2);
  if (opts.out) writeFileSync(opts.out, json + '\n');
  if (opts.json) io.out(json);
  else
    io.out(
      [
        `Incident register: ${summary.affected_customers} affected customers, ${summary.unmatched_people} unmatched individuals, ${summary.reviews.open} matches to review.`,
        ...summary.files.map(
          (f) =>
            `  ${f.name}: ${f.status}, ${f.records} records` +
            (f.reports.some((r) => r.errors.length)
              ? `, errors: ${f.reports.flatMap((r) => r.errors.map((e) => e.message)).join('; ')}`
              : ''),
        ),
        summary.complete ? 'Register complete.' : 'Register INCOMPLETE: some files could not be read entirely.',
      ].join('\n'),
    );
  if (!summary.complete) throw new ScopeIncompleteError('scope run incomplete: see the errors per file');
  return 0;
}
