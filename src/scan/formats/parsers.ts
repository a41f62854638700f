/**
 * Streaming push parsers for leaked files: CSV/TSV, JSON Lines, JSON documents, SQL dumps and free text.
 * Each takes decoded text in chunks of any size and hands records to a `ParseTarget` as soon as they are
 * complete, so memory stays bounded by the largest record, not the file. Records larger than
 * `maxRecordChars` are reported as errors (a 200 MB line is almost always a broken file, not a record).
 */
import type { ParseTarget, Parser } from '../types.js';

/**
 * A parser of a line-oriented format that also says where it is, so a file can be read in byte ranges
 * by several threads: `line` is the number of the next line, `pending` the characters of an incomplete
 * record held back (0 after a push that ended on a record boundary).
 */
export interface RangeParser extends Parser {
  readonly line: number;
  readonly pending: number;
  readonly pendingText: string;
}

/** Default limit on one record (line, row, object or SQL tuple): 16 Mi characters. */
export const defaultMaxRecordChars = 16 * 1024 * 1024;

const QUOTE = 34;
const LF = 10;
const CR = 13;

function countLines(s: string, from: number, to: number): number {
  let n = 0;
  let i = s.indexOf('\n', from);
  while (i !== -1 && i < to) {
    n++;
    i = s.indexOf('\n', i + 1);
  }
  return n;
}

/**
 * RFC 4180 CSV with any one-character delimiter: quoted fields with doubled quotes and embedded newlines,
 * CRLF or LF line ends, blank lines skipped. A stray quote inside an unquoted field is kept as text. An
 * unbalanced quote that swallows more than `maxRecordChars` stops the file with an error naming the line
 * where the record began, since nothing after it can be split reliably.
 */
export function createCsvParser(delimiter: string, target: ParseTarget, maxRecordChars = defaultMaxRecordChars): RangeParser {
  const delim = delimiter.charCodeAt(0);
  let rest = '';
  let line = 1;
  let aborted = false;

  /** Parses complete records in `buf`; returns the index where an incomplete record starts. */
  function parse(buf: string, final: boolean): number {
    const n = buf.length;
    // Values of columns no record needs are not cut out of the text (an empty string instead).
    const unused = target.unusedColumns?.() ?? null;
    let i = 0;
    let nextDelim = -2;
    let nextNl = -2;
    while (i < n) {
      const recordStart = i;
      const fields: string[] = [];
      let extraLines = 0;
      let complete: boolean;
      for (;;) {
        if (i < n && buf.charCodeAt(i) === QUOTE) {
          let j = i + 1;
          let value = '';
          let closed = -1;
          for (;;) {
            const q = buf.indexOf('"', j);
            if (q === -1) break;
            if (q + 1 < n && buf.charCodeAt(q + 1) === QUOTE) {
              value += buf.slice(j, q + 1);
              j = q + 2;
              continue;
            }
            if (q + 1 >= n && !final) break;
            value += buf.slice(j, q);
            closed = q;
            break;
          }
          if (closed === -1) {
            if (!final) return recordStart;
            // Unterminated quote at the end of input: keep what we have as the field.
            value += buf.slice(j);
            fields.push(value);
            extraLines += countLines(value, 0, value.length);
            i = n;
            complete = true;
            break;
          }
          extraLines += value.indexOf('\n') === -1 ? 0 : countLines(value, 0, value.length);
          i = closed + 1;
          // Text after the closing quote up to the delimiter belongs to the field (lenient, like spreadsheet apps).
          if (i < n && buf.charCodeAt(i) !== delim && buf.charCodeAt(i) !== LF && buf.charCodeAt(i) !== CR) {
            if (nextDelim < i && nextDelim !== -1) nextDelim = buf.indexOf(delimiter, i);
            if (nextNl < i && nextNl !== -1) nextNl = buf.indexOf('\n', i);
            const end = Math.min(nextDelim === -1 ? n : nextDelim, nextNl === -1 ? n : nextNl);
            if (end === n && !final) return recordStart;
            value += buf.slice(i, end);
            i = end;
          }
          fields.push(value);
        } else {
          if (nextDelim < i && nextDelim !== -1) nextDelim = buf.indexOf(delimiter, i);
          if (nextNl < i && nextNl !== -1) nextNl = buf.indexOf('\n', i);
          const d = nextDelim === -1 ? n : nextDelim;
          const nl = nextNl === -1 ? n : nextNl;
          const skip = unused !== null && unused[fields.length] === 1;
          if (d < nl) {
            fields.push(skip ? '' : buf.slice(i, d));
            i = d;
          } else {
            if (nl === n && !final) return recordStart;
            fields.push(skip ? '' : buf.slice(i, nl > i && buf.charCodeAt(nl - 1) === CR ? nl - 1 : nl));
            i = nl;
          }
        }
        // After a field: delimiter → next field; newline or end → record done.
        if (i >= n) {
          complete = true;
          break;
        }
        const c = buf.charCodeAt(i);
        if (c === delim) {
          i++;
          if (i >= n) {
            if (!final) return recordStart;
            fields.push('');
            complete = true;
            break;
          }
          continue;
        }
        if (c === CR) {
          i++;
          if (i >= n && !final) return recordStart;
          if (i < n && buf.charCodeAt(i) === LF) i++;
          complete = true;
          break;
        }
        if (c === LF) {
          i++;
          complete = true;
          break;
        }
      }
      if (!complete) return recordStart;
      const recordLine = line;
      line += 1 + extraLines;
      if (fields.length === 1 && fields[0] === '') continue;
      target.row(null, null, fields, recordLine);
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
    get pending() {
      return rest.length;
    },
    get pendingText() {
      return rest;
    },
    push(chunk) {
      if (aborted) return;
      const buf = rest.length ? rest + chunk : chunk;
      const consumed = parse(buf, false);
      rest = consumed === buf.length ? '' : buf.slice(consumed);
      if (rest.length > maxRecordChars) {
        aborted = true;
        target.error({
          line,
          message: `a record starting here is longer than ${Math.round(maxRecordChars / 1048576)} Mi characters (an unbalanced quote?); the rest of the file was not read`,
        });
        rest = '';
      }
    },
    end() {
      if (aborted || !rest) return;
      parse(rest, true);
      rest = '';
    },
  };
}

/**
 * Splits text into lines (LF or CRLF) and calls `onLine` for each; lines longer than `maxRecordChars`
 * are skipped with an error naming their line number, and reading goes on after them.
 */
function createLineSplitter(
  onLine: (text: string, lineNo: number) => void,
  target: ParseTarget,
  maxRecordChars: number,
  what: string,
): RangeParser {
  let rest = '';
  let line = 1;
  let skipping = false;
  function emit(buf: string, from: number, to: number) {
    const end = to > from && buf.charCodeAt(to - 1) === CR ? to - 1 : to;
    onLine(buf.slice(from, end), line);
  }
  return {
    aborted: false,
    get line() {
      return line;
    },
    get pending() {
      return rest.length;
    },
    get pendingText() {
      return rest;
    },
    push(chunk) {
      const buf = rest.length ? rest + chunk : chunk;
      let i = 0;
      for (;;) {
        const nl = buf.indexOf('\n', i);
        if (nl === -1) break;
        if (skipping) skipping = false;
        else emit(buf, i, nl);
        line++;
        i = nl + 1;
      }
      rest = i === 0 ? buf : buf.slice(i);
      if (!skipping && rest.length > maxRecordChars) {
        target.error({ line, message: `${what} ${line} is longer than ${Math.round(maxRecordChars / 1048576)} Mi characters; skipped` });
        skipping = true;
      }
      if (skipping) rest = '';
    },
    end() {
      if (!skipping && rest.length) emit(rest, 0, rest.length);
      rest = '';
    },
  };
}

/** Free text and logs: one record per line. */
export function createTextParser(target: ParseTarget, maxRecordChars = defaultMaxRecordChars): RangeParser {
  return createLineSplitter((text, lineNo) => target.text(text, lineNo), target, maxRecordChars, 'line');
}

/** JSON Lines: one JSON value per line; a line that is not valid JSON is reported and skipped. */
export function createJsonLinesParser(target: ParseTarget, maxRecordChars = defaultMaxRecordChars): RangeParser {
  return createLineSplitter(
    (text, lineNo) => {
      const trimmed = text.trim();
      if (!trimmed) return;
      let value: unknown;
      try {
        value = JSON.parse(trimmed);
      } catch (err) {
        target.error({ line: lineNo, message: `invalid JSON: ${(err as Error).message}` });
        return;
      }
      target.object(value, lineNo);
    },
    target,
    maxRecordChars,
    'line',
  );
}

/**
 * A JSON document. A top-level array yields one record per element; a top-level object yields the
 * elements of its array-valued properties (`{"users": [...]}`), or itself when it has none. Elements are
 * cut out by a small scanner that tracks strings and nesting, then parsed one at a time, so a 10 GB array
 * needs memory for one element. A malformed element is reported with its line and skipped.
 */
export function createJsonDocumentParser(target: ParseTarget, maxRecordChars = defaultMaxRecordChars): Parser {
  let line = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let rootKind: '[' | '{' | null = null;
  // For a root object, records are the elements of arrays that are values of its properties.
  let inPropertyArray = false;
  let sawPropertyArray = false;
  let element: string[] | null = null; // pieces of the element being read, from earlier chunks
  let elementFrom = 0; // where the element starts in the current chunk
  let elementChars = 0;
  let elementLine = 0;
  let root: string[] | null = null; // a root object's text, kept while it may be the only record
  let rootChars = 0;
  let rootFrom = 0;
  let done = false;
  let aborted = false;

  const recordDepth = () => (rootKind === '[' ? 1 : 2);
  const inRecordArray = () => rootKind === '[' || inPropertyArray;

  function emit(text: string, lineNo: number) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      target.error({ line: lineNo, message: `invalid JSON element: ${(err as Error).message}` });
      return;
    }
    if (value !== null && typeof value === 'object') target.object(value, lineNo);
  }

  function startElement(i: number) {
    element = [];
    elementFrom = i;
    elementChars = 0;
    elementLine = line;
  }

  function endElement(chunk: string, i: number) {
    emit(element!.join('') + chunk.slice(elementFrom, i), elementLine);
    element = null;
  }

  function fail(message: string) {
    target.error({ line, message });
    aborted = true;
  }

  function scan(chunk: string) {
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      const c = chunk.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 92) escaped = true;
        else if (c === QUOTE) inString = false;
        else if (c === LF) line++;
        continue;
      }
      if (c === LF) {
        line++;
        continue;
      }
      if (c === 32 || c === 9 || c === CR) continue;
      if (done) return fail('unexpected text after the end of the JSON document');
      if (rootKind === null) {
        if (c === 91) rootKind = '[';
        else if (c === 123) {
          rootKind = '{';
          root = [];
          rootChars = 0;
        } else return fail('a JSON document must start with [ or {');
        depth = 1;
        if (root) rootFrom = i;
        continue;
      }
      const atElementLevel = depth === recordDepth() && inRecordArray();
      if (c === 44) {
        if (atElementLevel && element) endElement(chunk, i);
        continue;
      }
      if (c === 58) continue;
      if (atElementLevel && !element && c !== 93 && c !== 125) startElement(i);
      if (c === QUOTE) inString = true;
      else if (c === 91 || c === 123) {
        if (rootKind === '{' && depth === 1 && c === 91) {
          inPropertyArray = true;
          sawPropertyArray = true;
        }
        depth++;
      } else if (c === 93 || c === 125) {
        depth--;
        if (depth < 0) return fail('unbalanced ] or } in JSON');
        if (c === 93 && depth === recordDepth() - 1 && element && inRecordArray()) endElement(chunk, i);
        if (rootKind === '{' && depth === 1 && c === 93) inPropertyArray = false;
        if (depth === 0) {
          done = true;
          if (root && !sawPropertyArray) root.push(chunk.slice(rootFrom, i + 1));
        }
      }
    }
    if (element) {
      element.push(chunk.slice(elementFrom));
      elementChars += n - elementFrom;
      elementFrom = 0;
      if (elementChars > maxRecordChars)
        fail(`a JSON element starting at line ${elementLine} is longer than ${Math.round(maxRecordChars / 1048576)} Mi characters`);
    }
    if (root && !done) {
      if (sawPropertyArray) root = null;
      else {
        root.push(chunk.slice(rootFrom));
        rootChars += n - rootFrom;
        if (rootChars > maxRecordChars) root = null;
      }
    }
    rootFrom = 0;
  }

  return {
    get aborted() {
      return aborted;
    },
    push(chunk) {
      if (!aborted) scan(chunk);
    },
    end() {
      if (aborted || rootKind === null) return;
      if (!done) {
        // A truncated file: the last element counts if it is complete JSON on its own.
        if (element) {
          const text = element.join('');
          try {
            const value: unknown = JSON.parse(text);
            if (value !== null && typeof value === 'object') target.object(value, elementLine);
          } catch {
            /* cut inside the element: nothing to keep */
          }
        }
        target.error({ line, message: 'the JSON document ends before it is closed (truncated file?)' });
        return;
      }
      if (rootKind === '{' && !sawPropertyArray) {
        if (root) emit(root.join(''), 1);
        else
          target.error({
            line: 1,
            message: `the JSON object has no array of records and is longer than ${Math.round(maxRecordChars / 1048576)} Mi characters`,
          });
      }
    },
  };
}
