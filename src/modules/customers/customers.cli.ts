/**
 * `breachdesk customers import FILE [--map field=column]... [--id-column NAME] [--dry-run] [--json]`:
 * imports the customer master as the system actor. Exit codes: 0 imported (or previewed), 1 the file
 * could not be imported (malformed, with its line or offset), 2 usage errors (missing file, unknown
 * field or column, no id column).
 */
import { existsSync, statSync } from 'node:fs';
import { type Command, CommanderError } from 'commander';
import { AppError } from '../../core/errors.js';
import { cliOperator } from '../auth/auth.permissions.js';
import type { ImportResult } from './customers.import.js';
import { parseMapPairs } from './customers.schemas.js';
import type { CustomerService } from './customers.service.js';

type Io = { out(s: string): void; err(s: string): void };
type WithCustomers = (fn: (s: { customers: CustomerService }) => Promise<number | void>) => Promise<void>;

const usage = (message: string) => new CommanderError(2, 'breachdesk.customers-usage', `error: ${message}`);

const howLabel: Readonly<Record<string, string>> = {
  override: 'set with --map',
  'id-column': 'set with --id-column',
  header: 'header name',
  content: 'content',
  unused: 'not used',
};

/** Registers the `customers` command group. */
export function registerCustomersCommand(program: Command, io: Io, withServices: WithCustomers): void {
  const customers = program.command('customers').description('the customer master (encrypted at rest, looked up by blind index)');
  customers
    .command('import')
    .description('import customers from CSV, TSV, JSON Lines or JSON (any header names); re-import updates by customer id')
    .argument('<file>', 'customer master file (.gz and single-file .zip also read)')
    .option(
      '--map <field=column>',
      'use this column for a field (repeatable), e.g. --map email=Mail --map id=KdNr',
      (v, prev: string[]) => [...prev, v],
      [],
    )
    .option('--id-column <name>', 'the column that holds the customer id (default: detected)')
    .option('--dry-run', 'print the mapping, counts, jurisdictions and masked samples; write nothing')
    .option('--json', 'print the result as JSON')
    .option('--no-progress', 'no progress lines on standard error')
    .action(async (file: string, opts: { map: string[]; idColumn?: string; dryRun?: boolean; json?: boolean; progress: boolean }) => {
      if (!existsSync(file) || !statSync(file).isFile()) throw usage(`file not found: ${file}`);
      const map = parseMapPairs(opts.map);
      if (!map.ok) throw usage(map.message);
      await withServices(async (s) => {
        let last = performance.now();
        const started = last;
        let result: ImportResult;
        try {
          result = await s.customers.importFile(
            cliOperator('customers-import'),
            { path: file, map: map.map, id_column: opts.idColumn, dry_run: opts.dryRun ?? false },
            (p) => {
              const now = performance.now();
              if (!opts.progress || now - last < 2000) return;
              last = now;
              const rate = Math.round(p.rows / ((now - started) / 1000));
              io.err(
                `customers: ${p.phase === 'write' ? 'writing' : 'checking'} ${p.rows.toLocaleString('en')} rows (${rate.toLocaleString('en')} rows/s)`,
              );
            },
          );
        } catch (err) {
          if (err instanceof AppError && (err.details as { reason?: string } | undefined)?.reason === 'mapping') throw usage(err.message);
          throw err;
        }
        io.out(opts.json ? JSON.stringify(result, null, 2) : formatImport(result));
        return 0;
      });
    });
}

/** The terminal report: mapping with how each column was decided, counts, skipped rows, jurisdictions, samples. */
export function formatImport(r: ImportResult): string {
  const width = Math.max(6, ...r.mapping.map((m) => m.column.length));
  const lines = [
    `${r.dry_run ? 'Dry run of' : 'Imported'} ${r.file} (${r.format}, sha256 ${r.sha256.slice(0, 16)}…)`,
    '',
    'Mapping (column → field, how it was decided):',
    ...r.mapping.map(
      (m) => `  ${m.column.padEnd(width)}  → ${(m.field ?? '-').padEnd(11)} ${howLabel[m.how] ?? m.how}${m.note ? ` (${m.note})` : ''}`,
    ),
    '',
    `Rows: ${r.rows.toLocaleString('en')} read; ${r.inserted.toLocaleString('en')} ${r.dry_run ? 'would be inserted' : 'inserted'}, ` +
      `${r.updated.toLocaleString('en')} ${r.dry_run ? 'would be updated' : 'updated'}; ${r.skipped.total.toLocaleString('en')} skipped ` +
      `(${r.skipped.missing_id} missing id, ${r.skipped.duplicate_id} duplicate id in the file)`,
  ];
  if (r.bad_rows.length)
    lines.push(
      `Skipped rows${r.skipped.total > r.bad_rows.length ? ` (first ${r.bad_rows.length})` : ''}: ` +
        r.bad_rows.map((b) => `line ${b.line} ${b.reason === 'missing_id' ? 'missing id' : 'duplicate id'}`).join('; '),
    );
  const juris = Object.entries(r.jurisdictions).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  lines.push('', `Jurisdictions: ${juris.map(([j, n]) => `${j} ${n.toLocaleString('en')}`).join(', ') || 'none'}`);
  if (r.samples.length) {
    lines.push('', 'Samples (masked):');
    for (const s of r.samples)
      lines.push(
        `  ${Object.entries(s)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')}`,
      );
  }
  lines.push('', r.dry_run ? 'Dry run: nothing was written.' : `Import ${r.import_id} recorded.`);
  return lines.join('\n');
}
