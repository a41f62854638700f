/**
 * Byte ranges of a big MySQL dump for worker threads. mysqldump writes each statement on lines of its own
 * and escapes line feeds inside strings (`\n`), so a line that starts with `INSERT INTO` starts a statement.
 * One pass over the file finds those lines and the `CREATE TABLE` statements; each table is then classified
 * on its first rows exactly as a one-thread read would (its first statements are parsed), and the ranges
 * start at the first `INSERT INTO` line after each nominal cut. A dump with other statement forms (REPLACE,
 * INSERT IGNORE, COPY) is read whole; a range that ends inside a statement, or meets a table the plan did not
 * see, makes the engine read the file whole instead (scan/run/engine.ts), so a wrong guess costs time only.
 */
import { promises as fs } from 'node:fs';
import { type ByteRange, overridesFor, type ScanSettings } from '../run/file-scan.js';
import { createSqlParser, parseCreateTable, tableName } from './sql-parser.js';
import { StructuredTable, type TableSchema } from './structured-table.js';

const SCAN_CHUNK = 16 * 1024 * 1024;
/** Statements of one table kept for its classification (each holds at least one row). */
const FIRST_STATEMENTS = 1000;
/** At most this much of the dump is parsed to classify one table. */
const CLASSIFY_BYTES = 64 * 1024 * 1024;

const INSERT = Buffer.from('\nINSERT ');
const CREATE = Buffer.from('\nCREATE TABLE ');
const REPLACE = Buffer.from('\nREPLACE ');
const COPY = Buffer.from('\nCOPY ');
const insertHeader = /^INSERT\s+INTO\s+((?:`[^`]+`|"[^"]+"|[\w$]+)(?:\.(?:`[^`]+`|"[^"]+"|[\w$]+))?)[\s(]/i;

interface DumpOutline {
  /** Per table, the offsets of its first INSERT statements, and whether there are more. */
  tables: Map<string, { offsets: number[]; more: boolean }>;
  /** CREATE TABLE statements in file order. */
  creates: Array<{ at: number; table: string; columns: string[] }>;
  /** The first INSERT statement at or after each nominal cut (-1: none). */
  cuts: number[];
}

/** Up to `length` bytes of an open file from `position` (fewer at its end). */
export async function readAt(handle: fs.FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

/** One pass over the dump: statement starts at line starts. Null when the dump has statements ranges cannot handle. */
async function outline(file: string, size: number, nominal: number[]): Promise<DumpOutline | null> {
  const handle = await fs.open(file, 'r');
  try {
    const tables = new Map<string, { offsets: number[]; more: boolean }>();
    const creates: DumpOutline['creates'] = [];
    const cuts = nominal.map(() => -1);
    // Chunks overlap by a few bytes, so that a statement start cut by a chunk end is found in the next chunk;
    // a match counts in the chunk where it ends past the previous chunk's end.
    const overlap = 32;
    // One buffer for every chunk; its first byte is a line feed for the file's first statement, which has none before it.
    const buffer = Buffer.allocUnsafe(SCAN_CHUNK + overlap + 1);
    buffer[0] = 10;
    for (let from = 0; from < size; from += SCAN_CHUNK) {
      const start = Math.max(0, from - overlap);
      const at = from === 0 ? 1 : 0;
      const { bytesRead } = await handle.read(buffer, at, Math.min(SCAN_CHUNK + (from - start), size - start), start);
      const base = buffer.subarray(0, at + bytesRead);
      const shift = from === 0 ? -1 : start; // file offset of base[0]
      const fresh = (at: number, pattern: Buffer) => from === 0 || shift + at + pattern.length > from;
      // Keywords in any case (the parser reads `insert into` as `INSERT INTO`): ASCII letters compared lower-cased.
      const startsWith = (at: number, pattern: Buffer) => {
        if (at + pattern.length > base.length) return false;
        for (let k = 0; k < pattern.length; k++) {
          const b = base[at + k]!;
          if ((b >= 0x41 && b <= 0x5a ? b | 0x20 : b) !== (pattern[k]! | (pattern[k]! >= 0x41 && pattern[k]! <= 0x5a ? 0x20 : 0)))
            return false;
        }
        return true;
      };
      // One pass over the line feeds (a dump's lines are statements, often long ones), looking at what follows.
      for (let at = base.indexOf(10); at !== -1; at = base.indexOf(10, at + 1)) {
        const next = base[at + 1];
        const lower = next === undefined ? 0 : next | 0x20;
        if (lower === 0x69 /* i */ && startsWith(at, INSERT)) {
          if (!fresh(at, INSERT)) continue;
          const offset = shift + at + 1;
          const inChunk = at + 1 + 1024 <= base.length;
          const head = (inChunk ? base.subarray(at + 1, at + 1 + 1024) : await readAt(handle, offset, 1024)).toString('utf8');
          const m = insertHeader.exec(head);
          if (!m) return null; // INSERT IGNORE, INSERT … SELECT: not planned
          const table = tableName(m[1]!);
          let t = tables.get(table);
          if (!t) tables.set(table, (t = { offsets: [], more: false }));
          if (t.offsets.length < FIRST_STATEMENTS) t.offsets.push(offset);
          else t.more = true;
          for (let k = 0; k < nominal.length; k++) if (cuts[k] === -1 && offset >= nominal[k]!) cuts[k] = offset;
        } else if (lower === 0x63 /* c */ && startsWith(at, CREATE)) {
          if (!fresh(at, CREATE)) continue;
          const offset = shift + at + 1;
          const t = parseCreateTable((await readAt(handle, offset, 1024 * 1024)).toString('utf8'));
          if (t) creates.push({ at: offset, ...t });
        } else if (
          (lower === 0x63 && startsWith(at, COPY) && fresh(at, COPY)) ||
          (lower === 0x72 /* r */ && startsWith(at, REPLACE) && fresh(at, REPLACE))
        )
          return null;
      }
    }
    creates.sort((a, b) => a.at - b.at);
    return { tables, creates, cuts };
  } finally {
    await handle.close();
  }
}

/** Tables created before `offset` with their columns (later definitions of a name win, as in the parser). */
function createdBefore(creates: DumpOutline['creates'], offset: number): Array<[string, string[]]> {
  const map = new Map<string, string[]>();
  for (const c of creates) if (c.at < offset) map.set(c.table, c.columns);
  return [...map];
}

/**
 * A table classified on its first rows: its statements are parsed from its first INSERT on (other tables'
 * rows are passed over), as a one-thread read would see them. Null when that takes more than CLASSIFY_BYTES.
 */
async function classifyTable(
  file: string,
  size: number,
  table: string,
  info: { offsets: number[]; more: boolean },
  creates: DumpOutline['creates'],
  settings: ScanSettings,
): Promise<TableSchema | null> {
  const t = new StructuredTable(table, {
    sampleSize: settings.sampleSize ?? 1000,
    headerless: 'known',
    onRecord: () => {},
    overrides: overridesFor(settings.columnOverrides, table),
  });
  const first = info.offsets[0]!;
  const parser = createSqlParser(
    {
      row: (name, columns, fields, line) => {
        if ((name ?? '') === table) t.addRow(columns, fields, line);
      },
      object() {},
      text() {},
      error() {},
    },
    'mysql',
    undefined,
    createdBefore(creates, first),
  );
  const last = info.offsets[info.offsets.length - 1]!;
  const handle = await fs.open(file, 'r');
  try {
    const decoder = new TextDecoder('utf-8');
    let at = first;
    while (!t.classified && at < size) {
      if (at - first >= CLASSIFY_BYTES) return null;
      const buf = await readAt(handle, at, 1024 * 1024);
      at += buf.length;
      parser.push(decoder.decode(buf, { stream: true }));
      if (parser.aborted) return null;
      // Past the table's last statement (when all are known) with no more rows to come: classified at its end.
      if (!info.more && at > last && parser.pending === 0) break;
    }
    if (!t.classified) {
      if (at < size && info.more) return null;
      if (at >= size) parser.end();
      t.finish();
    }
    return t.schema();
  } finally {
    await handle.close();
  }
}

/** Byte ranges of a MySQL dump (about `parts` of them, see `planRanges`), or null when it is read as a whole. */
export async function planSqlRanges(
  input: { absolute: string; display: string },
  settings: ScanSettings,
  parts: number,
  size: number,
): Promise<ByteRange[] | null> {
  const nominal = Array.from({ length: parts - 1 }, (_, k) => Math.floor((size * (k + 1)) / parts));
  const plan = await outline(input.absolute, size, nominal);
  if (!plan || plan.tables.size === 0) return null;
  const starts = [0];
  for (const cut of plan.cuts) if (cut > starts[starts.length - 1]!) starts.push(cut);
  if (starts.length < 2) return null;
  const schemas: Array<[string, TableSchema]> = [];
  for (const [table, info] of plan.tables) {
    const schema = await classifyTable(input.absolute, size, table, info, plan.creates, settings);
    if (!schema) return null;
    schemas.push([table, schema]);
  }
  return starts.map((start, k) => ({
    absolute: input.absolute,
    display: input.display,
    format: 'sql' as const,
    delimiter: null,
    schema: null,
    sql: { schemas, createdBefore: createdBefore(plan.creates, start) },
    start,
    end: k + 1 < starts.length ? starts[k + 1]! : size,
    last: k + 1 === starts.length,
  }));
}
