/**
 * Streaming reader for SQL dumps (mysqldump, pg_dump, phpMyAdmin, Adminer): `INSERT INTO t (cols) VALUES
 * (…),(…);` with any number of tuples, `INSERT` without a column list (columns then come from the dump's
 * `CREATE TABLE`), and PostgreSQL `COPY t (cols) FROM stdin;` blocks. Every tuple or COPY line is one
 * record of its table. Other statements are skipped. Only what is needed is kept in memory: the
 * current tuple, never the whole statement.
 */
import { defaultMaxRecordChars } from './parsers.js';
import type { RangeParser } from './parsers.js';
import type { ParseTarget } from '../types.js';

const SQ = 39;
const DQ = 34;
const BT = 96;
const BS = 92;

const mysqlEscapes: Readonly<Record<string, string>> = { '0': '\0', b: '\b', n: '\n', r: '\r', t: '\t', Z: '\x1a' };
const copyEscapes: Readonly<Record<string, string>> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

export const unquoteIdent = (s: string) => s.trim().replace(/^[`"[]|[`"\]]$/g, '');
/** Table name without schema and quotes: `public`.`users` → users. */
export const tableName = (s: string) => unquoteIdent(s.trim().split('.').pop() ?? s);
const splitColumns = (list: string) => list.split(',').map((c) => unquoteIdent(c));

/** An unquoted value as text: NULL is empty. */
function unquotedValue(text: string): string {
  const raw = text.trim();
  return raw.length === 4 && /^NULL$/i.test(raw) ? '' : raw;
}

const notColumn = /^(?:PRIMARY|KEY|UNIQUE|CONSTRAINT|INDEX|FOREIGN|CHECK|FULLTEXT|SPATIAL|EXCLUDE|LIKE|PERIOD)\b/i;

/**
 * `dialect` 'mysql' reads backslash escapes inside '…' strings (MySQL's default); 'postgres' reads them
 * only in E'…' strings (standard_conforming_strings). `sniffSqlDialect` picks one from the first kilobytes.
 */
export function createSqlParser(
  target: ParseTarget,
  dialect: 'mysql' | 'postgres',
  maxRecordChars = defaultMaxRecordChars,
  /** Tables created before the part of the dump this parser reads (a byte range of it), with their columns. */
  createdBefore: ReadonlyArray<readonly [string, string[]]> = [],
): RangeParser {
  const mysql = dialect === 'mysql';
  let rest = '';
  let line = 1; // line number at rest[0]
  let mode: 'top' | 'values' | 'copy' = 'top';
  let table = '';
  let columns: string[] | null = null;
  const created = new Map<string, string[]>(createdBefore);
  let aborted = false;

  /**
   * The first backslash at or after a position of the buffer being parsed (-1: none), kept between values
   * (values are read in order), so that finding out whether a quoted value holds one does not look at the
   * value twice. `parsing` tells buffers apart (a new one per `parse` call).
   */
  let parsing = 0;
  let backslashIn = -1;
  let nextBackslash = -1;
  function backslashBetween(buf: string, from: number, to: number): boolean {
    if (backslashIn !== parsing || (nextBackslash !== -1 && nextBackslash < from)) {
      backslashIn = parsing;
      nextBackslash = buf.indexOf('\\', from);
    }
    return nextBackslash !== -1 && nextBackslash < to;
  }

  /** Whether the last token `skipQuoted` went over had a doubled quote / a backslash escape in it. */
  let sawDoubled = false;
  let sawEscape = false;

  /** Index just past the closing quote of a quoted token starting at `i`, or -1 if the buffer ends first. */
  function skipQuoted(buf: string, i: number, backslash: boolean): number {
    const q = buf.charCodeAt(i);
    let j = i + 1;
    sawDoubled = false;
    sawEscape = false;
    for (;;) {
      const next = buf.indexOf(String.fromCharCode(q), j);
      if (next === -1) return -1;
      if (backslash) {
        let k = next - 1;
        let slashes = 0;
        while (k > i && buf.charCodeAt(k) === BS) {
          slashes++;
          k--;
        }
        if (slashes % 2 === 1) {
          sawEscape = true;
          j = next + 1;
          continue;
        }
      }
      if (buf.charCodeAt(next + 1) === q) {
        if (next + 1 >= buf.length) return -1;
        sawDoubled = true;
        j = next + 2;
        continue;
      }
      if (next + 1 >= buf.length) return -1; // might be a doubled quote split across chunks
      return next + 1;
    }
  }

  /** Index just past the `;` ending the statement at `i`, or -1. */
  function statementEnd(buf: string, i: number): number {
    for (let j = i; j < buf.length; j++) {
      const c = buf.charCodeAt(j);
      if (c === 59) return j + 1;
      if (c === SQ || c === DQ || c === BT) {
        const e = skipQuoted(buf, j, c === SQ && mysql);
        if (e === -1) return -1;
        j = e - 1;
      } else if (c === 45 && buf.charCodeAt(j + 1) === 45) {
        const nl = buf.indexOf('\n', j);
        if (nl === -1) return -1;
        j = nl;
      }
    }
    return -1;
  }

  /** The value `readValue` read (a variable, not a returned pair: this runs for every value of a dump). */
  let value = '';
  /** Columns of the current INSERT's table whose values no record needs (not cut out of the text). */
  let unused: Uint8Array | null = null;

  /** Reads one value of a tuple into `value`; returns where it ends, or -1 when the buffer ends first. */
  function readValue(buf: string, i: number): number {
    let c = buf.charCodeAt(i);
    // Charset introducers (_utf8mb4'…', _binary'…') and E'…' / N'…' prefixes.
    let backslash = mysql;
    // Only a value starting with _ E e N n can be a prefixed string.
    if (c === 95 || c === 69 || c === 101 || c === 78 || c === 110) {
      const m = /^(?:_[A-Za-z0-9]+\s*|[EeNn])'/.exec(buf.slice(i, i + 24));
      if (m) {
        if (!mysql && (m[0][0] === 'E' || m[0][0] === 'e')) backslash = true;
        i += m[0].length - 1;
        c = SQ;
      }
    }
    if (c === SQ) {
      const end = skipQuoted(buf, i, backslash);
      if (end === -1) return -1;
      if (unused !== null && unused[values.length] === 1) {
        value = '';
        return end;
      }
      let raw = buf.slice(i + 1, end - 1);
      if (sawDoubled) raw = raw.replace(/''/g, "'");
      // A backslash that escapes no quote (\n, \\) is not noticed by skipQuoted: look for one when it saw none.
      if (backslash && (sawEscape || backslashBetween(buf, i + 1, end - 1)))
        raw = raw.replace(/\\(.)/gs, (_m, ch: string) => mysqlEscapes[ch] ?? ch);
      value = raw;
      return end;
    }
    // Unquoted: number, NULL, X'…', function call; up to the next , or ) at this nesting level.
    let depth = 0;
    for (let j = i; j < buf.length; j++) {
      const d = buf.charCodeAt(j);
      if (d === SQ) {
        const e = skipQuoted(buf, j, mysql);
        if (e === -1) return -1;
        j = e - 1;
      } else if (d === 40) depth++;
      else if (d === 41) {
        if (depth === 0) {
          value = unused !== null && unused[values.length] === 1 ? '' : unquotedValue(buf.slice(i, j));
          return j;
        }
        depth--;
      } else if (d === 44 && depth === 0) {
        value = unused !== null && unused[values.length] === 1 ? '' : unquotedValue(buf.slice(i, j));
        return j;
      }
    }
    return -1;
  }

  /** The values `readTuple` read. */
  let values: string[] = [];

  /**
   * Parses `( v, v, … )` at `i` into `values`; returns the index after it, -1 when the buffer ends first,
   * or −(k + 2) for a malformed tuple, k being where to report it.
   */
  function readTuple(buf: string, i: number): number {
    values = [];
    let j = i + 1;
    for (;;) {
      while (j < buf.length && buf.charCodeAt(j) <= 32) j++;
      if (j >= buf.length) return -1;
      if (buf.charCodeAt(j) === 41 && values.length === 0) return j + 1;
      const end = readValue(buf, j);
      if (end === -1) return -1;
      values.push(value);
      j = end;
      while (j < buf.length && buf.charCodeAt(j) <= 32) j++;
      if (j >= buf.length) return -1;
      const c = buf.charCodeAt(j);
      if (c === 44) j++;
      else if (c === 41) return j + 1;
      else return -j - 2; // malformed: report at j
    }
  }

  function copyUnescape(field: string): string {
    if (field === '\\N') return '';
    return field.includes('\\') ? field.replace(/\\(.)/g, (_m, ch: string) => copyEscapes[ch] ?? ch) : field;
  }

  function parse(buf: string, final: boolean): number {
    parsing++;
    let i = 0;
    const n = buf.length;
    // The first line feed at or after `i` (-1: none left), kept between calls: an extended INSERT is one
    // line of thousands of tuples, and searching from each tuple to the line end made a line cost its
    // length squared.
    let nextNl = buf.indexOf('\n');
    const advance = (to: number) => {
      while (nextNl !== -1 && nextNl < to) {
        line++;
        nextNl = buf.indexOf('\n', nextNl + 1);
      }
      i = to;
    };
    while (i < n) {
      if (mode === 'copy') {
        const nl = buf.indexOf('\n', i);
        if (nl === -1 && !final) return i;
        const end = nl === -1 ? n : nl;
        const text = buf.slice(i, end > i && buf.charCodeAt(end - 1) === 13 ? end - 1 : end);
        if (text === '\\.') mode = 'top';
        else if (text.length) {
          const fields = text.split('\t').map(copyUnescape);
          if (columns && fields.length !== columns.length)
            target.error({ line, message: `COPY row for ${table} has ${fields.length} fields, expected ${columns.length}; skipped` });
          else target.row(table, columns, fields, line);
        }
        advance(nl === -1 ? n : nl + 1);
        continue;
      }
      // Whitespace and comments between statements and tuples.
      const c = buf.charCodeAt(i);
      if (c <= 32) {
        advance(i + 1);
        continue;
      }
      if ((c === 45 && buf.charCodeAt(i + 1) === 45) || (c === 35 && mysql)) {
        const nl = buf.indexOf('\n', i);
        if (nl === -1) return final ? n : i;
        advance(nl + 1);
        continue;
      }
      if (c === 47 && buf.charCodeAt(i + 1) === 42) {
        const end = buf.indexOf('*/', i + 2);
        if (end === -1) return final ? n : i;
        advance(end + 2);
        continue;
      }
      if (mode === 'values') {
        if (c === 40) {
          const end = readTuple(buf, i);
          if (end === -1) {
            if (!final) return i;
            target.error({ line, message: `the last INSERT into ${table} is cut off (truncated file?)` });
            return n;
          }
          if (end < 0) {
            target.error({ line, message: `malformed tuple in INSERT into ${table}; rest of the statement skipped` });
            mode = 'top';
            const stop = statementEnd(buf, -end - 2);
            if (stop === -1) return final ? n : i;
            advance(stop);
            continue;
          }
          if (columns && values.length !== columns.length)
            target.error({
              line,
              message: `tuple in INSERT into ${table} has ${values.length} values, expected ${columns.length}; skipped`,
            });
          else target.row(table, columns, values, line);
          advance(end);
          continue;
        }
        if (c === 44) {
          advance(i + 1);
          continue;
        }
        if (c === 59) {
          mode = 'top';
          advance(i + 1);
          continue;
        }
        // ON DUPLICATE KEY UPDATE …, RETURNING …: skip to the end of the statement.
        mode = 'top';
      }
      // Top level: read the statement keyword.
      const head = buf.slice(i, i + 4096);
      if (/^(?:INSERT|REPLACE)\b/i.test(head)) {
        const m = /\bVALUES\b|\bSELECT\b|;/i.exec(buf.slice(i, i + 1024 * 1024));
        if (!m) {
          if (!final) return i;
          target.error({ line, message: 'INSERT statement without VALUES at the end of the file' });
          return n;
        }
        const header = buf.slice(i, i + m.index);
        if (m[0].toUpperCase() === 'VALUES') {
          const h =
            /^(?:INSERT|REPLACE)\s+(?:(?:LOW_PRIORITY|DELAYED|HIGH_PRIORITY|IGNORE)\s+)*(?:INTO\s+)?((?:[`"][^`"]+[`"]|[\w$]+)(?:\.(?:[`"][^`"]+[`"]|[\w$]+))?)\s*(?:\(([^)]*)\))?\s*$/i.exec(
              header,
            );
          if (h) {
            table = tableName(h[1]!);
            columns = h[2] !== undefined ? splitColumns(h[2]) : (created.get(table) ?? null);
            unused = target.unusedColumns?.(table, columns) ?? null;
            mode = 'values';
            advance(i + m.index + 6);
            continue;
          }
          target.error({ line, message: 'INSERT statement not understood; skipped' });
        }
      } else if (/^COPY\b/i.test(head)) {
        const end = buf.indexOf('\n', i);
        if (end === -1 && !final) return i;
        const stmt = buf.slice(i, end === -1 ? n : end);
        const h = /^COPY\s+((?:"[^"]+"|[\w$]+)(?:\.(?:"[^"]+"|[\w$]+))?)\s*(?:\(([^)]*)\))?\s+FROM\s+stdin\b/i.exec(stmt);
        if (h) {
          table = tableName(h[1]!);
          columns = h[2] !== undefined ? splitColumns(h[2]) : (created.get(table) ?? null);
          mode = 'copy';
          advance(end === -1 ? n : end + 1);
          continue;
        }
      } else if (/^CREATE\s+(?:TEMPORARY\s+|UNLOGGED\s+)?TABLE\b/i.test(head)) {
        const end = statementEnd(buf, i);
        if (end === -1) {
          if (!final) return i;
          return n;
        }
        const stmt = buf.slice(i, end);
        const t = parseCreateTable(stmt);
        if (t) created.set(t.table, t.columns);
        advance(end);
        continue;
      }
      const end = statementEnd(buf, i);
      if (end === -1) {
        if (!final) return i;
        return n;
      }
      advance(end);
    }
    return n;
  }

  return {
    get aborted() {
      return aborted;
    },
    get line() {
      return line;
    },
    /** Nonzero while a statement is open (its INSERT header read, or text of it kept). */
    get pending() {
      return mode !== 'top' || rest.trim() !== '' ? 1 : 0;
    },
    get pendingText() {
      return rest;
    },
    push(chunk) {
      if (aborted) return;
      const buf = rest.length ? rest + chunk : chunk;
      const consumed = parse(buf, false);
      rest = consumed >= buf.length ? '' : buf.slice(consumed);
      if (rest.length > maxRecordChars) {
        aborted = true;
        target.error({
          line,
          message: `a statement or tuple starting here is longer than ${Math.round(maxRecordChars / 1048576)} Mi characters (an unbalanced quote?); the rest of the file was not read`,
        });
      }
    },
    end() {
      if (aborted) return;
      if (rest.trim()) parse(rest, true);
      if (mode === 'copy') target.error({ line, message: `COPY data for ${table} has no closing \\. line (truncated file?)` });
      rest = '';
    },
  };
}

/** The table and column names of a `CREATE TABLE` statement (null when it is not one). */
export function parseCreateTable(stmt: string): { table: string; columns: string[] } | null {
  const h =
    /^CREATE\s+(?:TEMPORARY\s+|UNLOGGED\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?((?:[`"][^`"]+[`"]|[\w$]+)(?:\.(?:[`"][^`"]+[`"]|[\w$]+))?)\s*\(/i.exec(
      stmt,
    );
  return h ? { table: tableName(h[1]!), columns: createTableColumns(stmt.slice(h[0].length)) } : null;
}

/** Column names from the body of `CREATE TABLE t ( … );` (everything after the opening parenthesis). */
export function createTableColumns(body: string): string[] {
  const defs: string[] = [];
  let depth = 0;
  let start = 0;
  let quote = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
      continue;
    }
    if (c === SQ || c === DQ || c === BT) quote = c;
    else if (c === 40) depth++;
    else if (c === 41) {
      if (depth === 0) {
        defs.push(body.slice(start, i));
        break;
      }
      depth--;
    } else if (c === 44 && depth === 0) {
      defs.push(body.slice(start, i));
      start = i + 1;
    }
  }
  return defs
    .map((d) => d.trim())
    .filter((d) => d && !notColumn.test(d))
    .map((d) => unquoteIdent(/^(`[^`]+`|"[^"]+"|\[[^\]]+\]|\S+)/.exec(d)?.[1] ?? d));
}

/** MySQL dumps use backticks, ENGINE= and /*! comments; anything else is read as PostgreSQL/standard SQL. */
export function sniffSqlDialect(sample: string): 'mysql' | 'postgres' {
  return /`|\bENGINE\s*=|\/\*!|-- MySQL dump|-- MariaDB dump|\bLOCK TABLES\b|\\'/.test(sample) ? 'mysql' : 'postgres';
}
