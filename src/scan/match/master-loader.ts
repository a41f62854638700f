/**
 * Loading a customer master file into the match index. A big plain UTF-8 CSV/TSV/JSON Lines file is read
 * by worker threads, each a byte range (as leak files are, scan/run/thread-pool.ts), each encoding its rows
 * into chunks (scan/match/customer-encoder.ts) that the main thread appends in file order; anything else — and any
 * range that does not end on a record boundary — is read by the main thread alone, with the same result.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { type Role, roleDataType } from '../detect/column-classifier.js';
import { type CustomerIndex, CustomerIndexBuilder } from './customer-index.js';
import { type CustomerChunk, type CustomerRow } from './customer-encoder.js';
import type { ByteRange } from '../run/file-scan.js';
import { scanFile } from '../formats/sources.js';
import { StructuredTable, type TableSchema } from '../formats/structured-table.js';
import { joinRangeReports, planRanges, startWorker } from '../run/thread-pool.js';
import type { FileReport, LeakFormat, ParseTarget } from '../types.js';
import { isEmail } from '../detect/validators.js';

export interface CustomerMaster {
  index: CustomerIndex;
  report: FileReport;
  idColumn: string;
  /** Rows skipped: no id, or an id seen before (the first row wins). */
  skipped: number;
  /** Byte ranges read by worker threads (1: the file was read as a whole). */
  ranges: number;
}

/** Raised when the master cannot be used (no id column, unreadable): the message says what to do. */
export class CustomerMasterError extends Error {
  override name = 'CustomerMasterError';
}

/** Rows the master's columns are classified on. */
export const MASTER_SAMPLE = 2000;
/** The master worker script (master-loader.worker.ts beside this file). */
const MASTER_WORKER = new URL('./master-loader.worker', import.meta.url);
/** Files smaller than this are read by one thread (starting workers costs more than it saves). */
const MASTER_SPLIT_BYTES = 16 * 1024 * 1024;
/**
 * Size of the byte ranges the workers take in turn. Chunks are appended in file order, so the chunks of
 * a range finished early wait for the ranges before it: small ranges keep that wait (and memory) small.
 */
const MASTER_RANGE_BYTES = 32 * 1024 * 1024;

/**
 * The id column of a classified master: the one named (`--id-column`, case-insensitive), else the one
 * classified as customer id. Returns its index or, when there is none, the message for the user.
 */
export function chooseIdColumn(names: readonly string[], roles: readonly Role[], wanted: string | undefined): number | string {
  const idx =
    wanted === undefined ? roles.indexOf('customer_id') : names.findIndex((n) => n === wanted || n.toLowerCase() === wanted.toLowerCase());
  if (idx !== -1) return idx;
  return wanted
    ? `the customer file has no column named ${wanted}; columns: ${names.join(', ')}`
    : `cannot tell which column holds the customer id; pass --id-column (columns: ${names.join(', ')})`;
}

/** Makes column `idx` the only id column (user_id next to customer_id is ignored). */
export function fixIdColumn(roles: Role[], idx: number): void {
  for (let i = 0; i < roles.length; i++) if (i !== idx && roles[i] === 'customer_id') roles[i] = 'none';
  roles[idx] = 'customer_id';
}

/** The customer in one record of the master: the first non-empty value per field. */
export function customerRowOf(
  roles: readonly Role[],
  idIndex: number,
  cols: readonly number[] | null,
  values: readonly string[],
): CustomerRow {
  const row: CustomerRow = {
    id: '',
    email: null,
    phone: null,
    first_name: null,
    last_name: null,
    full_name: null,
    postal_code: null,
    country: null,
    region: null,
  };
  const n = cols ? cols.length : values.length;
  for (let k = 0; k < n; k++) {
    const c = cols ? cols[k]! : k;
    const role = roles[c];
    if (role === undefined || role === 'none') continue;
    const v = values[k]!.trim();
    if (!v) continue;
    switch (role) {
      case 'customer_id':
        if (c === idIndex && !row.id) row.id = v;
        break;
      case 'email':
        // The encoder validates the email; a second email column is only needed when the first is not one.
        if (row.email === null || (!isEmail(row.email) && isEmail(v))) row.email = v;
        break;
      case 'phone':
        row.phone ??= v;
        break;
      case 'first_name':
        row.first_name ??= v;
        break;
      case 'last_name':
        row.last_name ??= v;
        break;
      case 'full_name':
        row.full_name ??= v;
        break;
      case 'postal_code':
        row.postal_code ??= v;
        break;
      case 'country':
        row.country ??= v;
        break;
      case 'region':
        row.region ??= v;
        break;
      default:
    }
  }
  return row;
}

/**
 * The parse target of a customer-master file (here and in the customers import): its rows or objects go
 * into `table`; a file of another format than CSV, TSV, JSON or JSON Lines gets an error in its report.
 */
export function customerFileTarget(report: FileReport, format: LeakFormat, table: StructuredTable): ParseTarget {
  if (format !== 'csv' && format !== 'tsv' && format !== 'json' && format !== 'jsonl')
    report.errors.push({ message: `a customer file must be CSV, TSV, JSON or JSON Lines, not ${format}` });
  return {
    row: (_t, _c, fields, line) => table.addRow(null, fields, line),
    object: (value, line) => table.addObject(value, line),
    text: () => {},
    error: (e) => report.errors.push(e),
  };
}

/** What a master worker thread is given when started. */
export interface MasterWorkerSetup {
  schema: TableSchema;
  idIndex: number;
  idColumn: string;
}

/** A range for a master worker to read (a message to it). */
export interface MasterTask {
  id: number;
  range: ByteRange;
}

/** Messages from a master worker thread, about task `id`. */
export type FromMasterWorker =
  | { kind: 'chunk'; id: number; chunk: CustomerChunk }
  | { kind: 'done'; id: number; report: FileReport; lines: number; clean: boolean; boundary: boolean; skipped: number }
  | { kind: 'failed'; id: number; message: string };

export interface MasterLoadOptions {
  idColumn?: string;
  /** The file's name in reports and errors (default: the path). */
  display?: string;
  threads?: number;
  /** Smallest file read by worker threads, and the size of their byte ranges (tests make them small). */
  splitBytes?: number;
  rangeBytes?: number;
}

/**
 * Loads the customer master from a CSV/TSV/JSONL/JSON file and builds the match index. `threads` (default:
 * one per core) above 1 lets worker threads read a big plain file in byte ranges.
 */
export async function loadCustomerMaster(file: string, opts: MasterLoadOptions = {}): Promise<CustomerMaster> {
  const threads = opts.threads ?? os.availableParallelism();
  if (threads > 1) {
    const loaded = await loadInRanges(file, opts, threads);
    if (loaded) return loaded;
  }
  return loadWhole(file, opts);
}

/** The threaded load; null when the file is not worth splitting or a range did not end on a record boundary. */
async function loadInRanges(file: string, opts: MasterLoadOptions, threads: number): Promise<CustomerMaster | null> {
  const display = opts.display ?? file;
  const columnOverrides: Record<string, Role> = opts.idColumn ? { [opts.idColumn]: 'customer_id' } : {};
  const size = (await fs.stat(file)).size;
  const parts = Math.max(threads, Math.ceil(size / (opts.rangeBytes ?? MASTER_RANGE_BYTES)));
  const ranges = await planRanges(
    { absolute: file, display },
    { sampleSize: MASTER_SAMPLE, columnOverrides },
    parts,
    opts.splitBytes ?? MASTER_SPLIT_BYTES,
  );
  if (!ranges || ranges[0]!.format === 'text' || !ranges[0]!.schema) return null;
  const schema = ranges[0]!.schema;
  const idIndex = chooseIdColumn(schema.names, schema.roles, opts.idColumn);
  if (typeof idIndex === 'string') throw new CustomerMasterError(idIndex);
  const roles = [...schema.roles];
  fixIdColumn(roles, idIndex);
  const setup: MasterWorkerSetup = { schema: { ...schema, roles }, idIndex, idColumn: schema.names[idIndex]! };

  const builder = new CustomerIndexBuilder();
  // Chunks are appended in file order: a range's chunks wait until every range before it is done.
  const waiting: CustomerChunk[][] = ranges.map(() => []);
  const finished: Array<Extract<FromMasterWorker, { kind: 'done' }> | null> = ranges.map(() => null);
  let current = 0;
  const advance = () => {
    while (current < ranges.length) {
      for (const chunk of waiting[current]!.splice(0)) builder.addChunk(chunk);
      if (!finished[current]) return;
      current++;
    }
  };
  const workers = Array.from({ length: Math.min(threads, ranges.length) }, () => startWorker(MASTER_WORKER, setup));
  let next = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let running = 0;
      const give = (w: Worker) => {
        if (next < ranges.length) {
          running++;
          w.postMessage({ id: next, range: ranges[next++]! } satisfies MasterTask);
        } else if (running === 0) resolve();
      };
      for (const w of workers) {
        w.on('message', (m: FromMasterWorker) => {
          if (m.kind === 'failed') return reject(new CustomerMasterError(m.message));
          if (m.kind === 'chunk') waiting[m.id]!.push(m.chunk);
          else finished[m.id] = m;
          advance();
          if (m.kind === 'done') {
            running--;
            give(w);
          }
        });
        w.on('error', reject);
        w.on('exit', (code) => {
          if (code !== 0) reject(new Error(`a customer master worker stopped (exit code ${code})`));
        });
      }
      for (const w of workers) give(w);
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  const done = finished.map((d) => d!);
  if (done.some((d, k) => !d.clean || (!d.boundary && k + 1 < done.length))) return null;
  const lineOffsets: number[] = [];
  let lines = 0;
  for (const d of done) {
    lineOffsets.push(lines);
    lines += d.lines;
  }
  const report = joinRangeReports(
    done.map((d) => d.report),
    lineOffsets,
  );
  report.columns = schema.names.map((name, i) => ({ name, data_type: roleDataType[roles[i]!] }));
  for (const d of done) builder.skipped += d.skipped;
  if (report.errors.length && builder.count === 0)
    throw new CustomerMasterError(`cannot read the customer file ${report.file}: ${report.errors.map((e) => e.message).join('; ')}`);
  const index = builder.build();
  return { index, report, idColumn: schema.names[idIndex]!, skipped: builder.skipped, ranges: ranges.length };
}

/** The single-threaded load: any format and container scan/formats/sources.ts reads. */
async function loadWhole(file: string, opts: { idColumn?: string; display?: string }): Promise<CustomerMaster> {
  const builder = new CustomerIndexBuilder();
  let report: FileReport | null = null;
  let idIndex = -1;
  let problem: string | null = null;
  const overrides = new Map<string, Role>();

  const onRecord = (table: StructuredTable, cols: readonly number[] | null, values: readonly string[]) => {
    if (problem) return;
    if (idIndex === -1) {
      const chosen = chooseIdColumn(table.names, table.roles, opts.idColumn);
      if (typeof chosen === 'string') {
        problem = chosen;
        return;
      }
      idIndex = chosen;
      fixIdColumn(table.roles, idIndex);
      table.validators[idIndex] = null;
    }
    report!.records++;
    builder.add(customerRowOf(table.roles, idIndex, cols, values));
  };

  const tables: StructuredTable[] = [];
  await scanFile(
    file,
    opts.display ?? file,
    {
      begin(r, format): ParseTarget {
        report = r;
        if (opts.idColumn) overrides.set(opts.idColumn, 'customer_id');
        const table = new StructuredTable(null, { sampleSize: MASTER_SAMPLE, headerless: 'detect', onRecord, overrides });
        tables.push(table);
        return customerFileTarget(r, format, table);
      },
      end(r) {
        report = r;
        for (const t of tables) t.finish();
      },
    },
    { format: undefined },
  );
  const finalReport = report as FileReport | null;
  if (!finalReport) throw new CustomerMasterError(`cannot read the customer file ${opts.display ?? file}`);
  if (problem) throw new CustomerMasterError(problem);
  if (finalReport.errors.length && builder.count === 0)
    throw new CustomerMasterError(
      `cannot read the customer file ${finalReport.file}: ${finalReport.errors.map((e) => e.message).join('; ')}`,
    );
  const table = tables[0];
  if (table) finalReport.columns = table.names.map((name, i) => ({ name, data_type: roleDataType[table.roles[i]!] }));
  return {
    index: builder.build(),
    report: finalReport,
    idColumn: idIndex === -1 ? (opts.idColumn ?? '') : tables[0]!.names[idIndex]!,
    skipped: builder.skipped,
    ranges: 1,
  };
}
