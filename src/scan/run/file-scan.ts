/**
 * Reading leak files into a `ScopeCollector`: a whole file (any format and container, through
 * scan/formats/sources.ts), or one byte range of a big plain UTF-8 file (CSV/TSV, JSON Lines, text) whose
 * columns were classified on the start of the file, so that worker threads can share one file.
 */
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { type Role, roleDataType } from '../detect/column-classifier.js';
import { applyCell, emptyFindings, resetFindings, scanText } from '../detect/record-findings.js';
import { createCsvParser, createJsonLinesParser, createTextParser, defaultMaxRecordChars, type RangeParser } from '../formats/parsers.js';
import type { CustomerIndex } from '../match/customer-index.js';
import { type PartialScope, ScopeCollector } from '../collect/collector.js';
import { scanFile } from '../formats/sources.js';
import { createSqlParser } from '../formats/sql-parser.js';
import { StructuredTable, type TableSchema } from '../formats/structured-table.js';
import type { FileError, FileReport, LeakFormat, ParseTarget } from '../types.js';

export interface ScanSettings {
  maxRecordChars?: number;
  sampleSize?: number;
  columnOverrides?: Readonly<Record<string, Role>>;
}

/** Called per record (`records`) and per chunk read from disk (`bytes`); may throw to stop (cancel). */
export interface ScanHooks {
  record(file: string): void;
  bytes(n: number): void;
}

/** The column overrides for one table: bare names, then "table.column" names of this table. */
export const overridesFor = (
  overrides: Readonly<Record<string, Role>> | undefined,
  table: string | null,
): ReadonlyMap<string, Role> | undefined => {
  if (!overrides) return undefined;
  const entries = Object.entries(overrides);
  // Bare names first, then table-qualified ones, so "users.email" wins over "email" for the users table.
  const map = new Map<string, Role>(entries.filter(([name]) => !table || !name.includes('.')));
  if (table) for (const [name, role] of entries) if (name.startsWith(`${table}.`)) map.set(name.slice(table.length + 1), role);
  return map;
};

/** The parse target of one source: records go through the tables (or the text scanner) into the collector. */
function sourceTarget(
  col: ScopeCollector,
  report: FileReport,
  format: LeakFormat,
  settings: ScanSettings,
  hooks: ScanHooks,
  tables: Map<string, StructuredTable>,
  /**
   * Byte ranges: each table's classification made on the start of the file (the CSV or JSON Lines table
   * under '', the tables of a dump by name); `atStart` says the range begins the file (a header row is
   * skipped). A table without one is flagged `unplanned`: classified on this range alone, it would not
   * match a one-thread read.
   */
  presets: { schemas: ReadonlyMap<string, TableSchema>; atStart: boolean; unplanned: boolean } | null,
): ParseTarget {
  const src = col.beginSource(report.file);
  const f = emptyFindings();
  const onRecord = (table: StructuredTable, cols: readonly number[] | null, values: readonly string[], line: number) => {
    resetFindings(f);
    const { roles, validators } = table;
    if (cols === null) {
      const active = table.active;
      for (let k = 0; k < active.length; k++) {
        const c = active[k]!;
        const v = values[c];
        if (v) applyCell(roles[c]!, validators[c]!, v, f);
      }
    } else {
      for (let k = 0; k < cols.length; k++) {
        const c = cols[k]!;
        const role = roles[c]!;
        if (role !== 'none' && values[k]) applyCell(role, validators[c]!, values[k]!, f);
      }
    }
    report.records++;
    hooks.record(report.file);
    col.record(src, f, line);
  };
  const tableFor = (name: string | null) => {
    const key = name ?? '';
    let t = tables.get(key);
    if (!t) {
      t = new StructuredTable(name, {
        sampleSize: settings.sampleSize ?? 1000,
        headerless: format === 'csv' || format === 'tsv' ? 'detect' : 'known',
        onRecord,
        overrides: overridesFor(settings.columnOverrides, name),
      });
      if (presets) {
        const planned = presets.schemas.get(key);
        if (planned) t.preset(planned, presets.atStart);
        else presets.unplanned = true;
      }
      tables.set(key, t);
    }
    return t;
  };
  return {
    row: (table, columns, fields, line) => tableFor(table).addRow(columns, fields, line),
    object: (value, line) => tableFor(null).addObject(value, line),
    text: (text, line) => {
      resetFindings(f);
      scanText(text, f);
      report.records++;
      hooks.record(report.file);
      col.record(src, f, line);
    },
    error: (e) => addError(report, e),
    unusedColumns: (table, columns) => {
      const t = tables.get(table ?? '');
      if (!t) return null;
      return columns ? t.unusedColumnsOf(columns) : t.unusedColumns();
    },
  };
}

function addError(report: FileReport, e: FileError) {
  if (report.errors.length < 100) report.errors.push(e);
  else if (report.errors.length === 100) report.errors.push({ message: 'more errors in this file were not listed' });
}

function closeTables(report: FileReport, tables: Map<string, StructuredTable>) {
  for (const t of tables.values()) {
    t.finish();
    for (let i = 0; i < t.names.length; i++)
      report.columns.push({
        name: t.name ? `${t.name}.${t.names[i]}` : t.names[i]!,
        data_type: roleDataType[t.roles[i]!],
        role: t.roles[i]!,
      });
  }
  tables.clear();
}

/** Reads one file (plain, gzip or zip) into the collector; returns the report of each stream in it. */
export async function scanInto(
  col: ScopeCollector,
  input: { absolute: string; display: string },
  settings: ScanSettings,
  hooks: ScanHooks,
): Promise<FileReport[]> {
  const reports: FileReport[] = [];
  const tables = new Map<string, StructuredTable>();
  await scanFile(
    input.absolute,
    input.display,
    {
      progress: (n) => hooks.bytes(n),
      begin: (report, format) => sourceTarget(col, report, format, settings, hooks, tables, null),
      end(report) {
        closeTables(report, tables);
        reports.push(report);
      },
    },
    { maxRecordChars: settings.maxRecordChars },
  );
  return reports;
}

/** A byte range of a plain UTF-8 file, starting and ending at a line boundary. */
export interface ByteRange {
  absolute: string;
  display: string;
  start: number;
  end: number;
  format: 'csv' | 'tsv' | 'jsonl' | 'text' | 'sql';
  delimiter: string | null;
  /** The columns as classified on the start of the file (null for text and SQL). */
  schema: TableSchema | null;
  /** SQL dumps (MySQL): each table's classification and the tables created before the range (scan/formats/sql-ranges.ts). */
  sql?: { schemas: Array<[string, TableSchema]>; createdBefore: Array<[string, string[]]> };
  /** Whether the range ends with the file. */
  last: boolean;
}

export interface RangeOutcome {
  report: FileReport;
  /** Lines read, to number the lines of the ranges after this one. */
  lines: number;
  /** False when reading stopped before the end of the range (NUL bytes, a runaway quote). */
  clean: boolean;
  /**
   * False when the range did not end on a record boundary (a quoted CSV field running over its end): the
   * range after it started in the middle of a record.
   */
  boundary: boolean;
  /**
   * Without a boundary: the byte where the incomplete record at the end starts; it was not read, and the
   * next range must be read again from there.
   */
  resumeAt: number | null;
}

export function rangeParser(range: ByteRange, target: ParseTarget, max: number): RangeParser {
  if (range.format === 'sql') return createSqlParser(target, 'mysql', max, range.sql?.createdBefore ?? []);
  if (range.format === 'jsonl') return createJsonLinesParser(target, max);
  if (range.format === 'text') return createTextParser(target, max);
  return createCsvParser(range.delimiter ?? (range.format === 'tsv' ? '\t' : ','), target, max);
}

/** Reads one byte range into the collector as if it were a file of its own, with the file's classification. */
export async function scanRangeInto(
  col: ScopeCollector,
  range: ByteRange,
  settings: ScanSettings,
  hooks: ScanHooks,
): Promise<RangeOutcome> {
  const report: FileReport = { file: range.display, format: range.format, records: 0, columns: [], errors: [], encoding: 'utf-8' };
  const tables = new Map<string, StructuredTable>();
  // A dump has no header row; a CSV range that begins the file skips one.
  const presets = {
    schemas: new Map(range.sql ? range.sql.schemas : range.schema ? [['', range.schema]] : []),
    atStart: range.start === 0 && !range.sql,
    unplanned: false,
  };
  const target = sourceTarget(col, report, range.format, settings, hooks, tables, presets);
  const outcome = await readRange(range, target, report, settings, hooks);
  closeTables(report, tables);
  // A table the plan did not know makes the range unusable, as a range that ends inside a statement does.
  if (presets.unplanned) return { report, ...outcome, boundary: false, resumeAt: null };
  return { report, ...outcome };
}

/**
 * Reads one byte range into a parse target: BOM at the file start dropped, NUL bytes end the reading
 * (binary garbage) with an error in `report`, and the end checked for a record boundary.
 */
export async function readRange(
  range: ByteRange,
  target: ParseTarget,
  report: FileReport,
  settings: ScanSettings,
  hooks: ScanHooks,
): Promise<Omit<RangeOutcome, 'report'>> {
  const parser = rangeParser(range, target, settings.maxRecordChars ?? defaultMaxRecordChars);
  const decoder = new StringDecoder('utf8');
  let clean = true;
  let first = range.start === 0;
  let bytes = 0;
  const stream = createReadStream(range.absolute, { start: range.start, end: range.end - 1, highWaterMark: 1024 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hooks.bytes(chunk.length);
      let buf = chunk;
      if (first) {
        first = false;
        if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
      }
      const text = decoder.write(buf);
      // NUL characters mean binary garbage from here on (as scan/formats/sources.ts reads whole files).
      const nul = text.indexOf('\0');
      if (nul !== -1) {
        parser.push(text.slice(0, nul));
        addError(report, {
          offset: range.start + bytes + Buffer.byteLength(text.slice(0, nul)),
          message: 'binary data (NUL bytes) inside the text; the rest of the file was not read',
        });
        clean = false;
        break;
      }
      bytes += chunk.length;
      parser.push(text);
      if (parser.aborted) {
        clean = false;
        break;
      }
    }
  } finally {
    stream.destroy();
  }
  let boundary = false;
  let resumeAt: number | null = null;
  if (clean) {
    const tail = decoder.end();
    if (tail) parser.push(tail);
    boundary = parser.pending === 0;
    if (boundary || range.last) parser.end();
    else resumeAt = range.end - Buffer.byteLength(parser.pendingText);
  }
  return { lines: parser.line - 1, clean, boundary, resumeAt };
}

/** A unit of work for a thread: a whole file, or a byte range of a big one. */
export type ScopeTask = { kind: 'file'; absolute: string; display: string } | { kind: 'range'; range: ByteRange };

export interface TaskResult {
  partial: PartialScope;
  outcome: Omit<RangeOutcome, 'report'> | null;
}

/** Reads one task into a collector of its own (in a worker thread, or in the main thread's share of the work). */
export async function executeTask(
  index: CustomerIndex,
  settings: ScanSettings,
  maxReview: number,
  task: ScopeTask,
  hooks: ScanHooks,
): Promise<TaskResult> {
  const col = new ScopeCollector(index, maxReview);
  if (task.kind === 'file') return { partial: col.toPartial(await scanInto(col, task, settings, hooks)), outcome: null };
  const { report, ...outcome } = await scanRangeInto(col, task.range, settings, hooks);
  return { partial: col.toPartial([report]), outcome };
}
