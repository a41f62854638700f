/**
 * XLSX workbooks (Office Open XML spreadsheets): every worksheet is a table named after its sheet, with the
 * first row as header when it reads like one. Parts are streamed out of the zip container one at a time and
 * parsed with htmlparser2 in XML mode, so a sheet of a million rows needs memory for one row (plus the
 * workbook's shared-string table, which Excel keeps for the whole file).
 *
 * Cell values come out as the text a person sees where it matters for detection: shared and inline
 * strings as written; numbers as digits without exponent or ".0" (a phone or card number stored as a
 * number must still look like one); date-formatted numbers as ISO dates (`1987-04-12`, with the time
 * only when there is one); booleans as TRUE/FALSE; error values as empty cells.
 */
import { StringDecoder } from 'node:string_decoder';
import { type Handler, Parser as XmlParser } from 'htmlparser2';
import { createGridTable } from './header-grid.js';
import { defaultMaxRecordChars } from './parsers.js';
import type { ParseTarget } from '../types.js';

/** Opens a part of the workbook's zip by its path (`xl/worksheets/sheet1.xml`), or answers null when it is absent. */
export type OpenPart = (path: string) => Promise<AsyncIterable<Buffer> | null>;

/** A failure to read a part's bytes (corrupt zip entry, archive limit), as opposed to an error thrown by the target. */
class PartReadError extends Error {
  override name = 'PartReadError';
}

/** The `name` of an element without its namespace prefix (`x:row` → `row`). */
const local = (name: string) => {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
};

/** Streams one XML part through htmlparser2; errors of the byte source become `PartReadError`. */
async function parseXml(source: AsyncIterable<Buffer>, handlers: Partial<Handler>): Promise<void> {
  const parser = new XmlParser(handlers, { xmlMode: true, decodeEntities: true });
  const it = source[Symbol.asyncIterator]();
  let decoder: StringDecoder | null = null;
  try {
    for (;;) {
      let r: IteratorResult<Buffer>;
      try {
        r = await it.next();
      } catch (err) {
        throw new PartReadError((err as Error).message);
      }
      if (r.done) break;
      let chunk = r.value;
      if (!decoder) {
        // Parts are UTF-8; UTF-16 is allowed by the standard and marked by a byte-order mark.
        const utf16 = chunk[0] === 0xff && chunk[1] === 0xfe;
        decoder = new StringDecoder(utf16 ? 'utf16le' : 'utf8');
        if (utf16) chunk = chunk.subarray(2);
        else if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
      }
      parser.write(decoder.write(chunk));
    }
    if (decoder) parser.write(decoder.end());
    parser.end();
  } finally {
    await it.return?.();
  }
}

/** OOXML escapes control characters in strings as `_x000D_`. */
const unescapeOoxml = (s: string) =>
  s.indexOf('_x') === -1 ? s : s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));

/** Column index (0-based) of a cell reference such as `B7` or `AA12`; -1 when there is none. */
export function columnIndex(ref: string): number {
  let n = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i) | 0x20;
    if (c < 97 || c > 122) break;
    n = n * 26 + (c - 96);
  }
  return i === 0 ? -1 : n - 1;
}

/**
 * A number as stored in `<v>` written as a person would read it: integers as plain digits (`4915112345678`,
 * not `4.915112345678E12` or `4915112345678.0`), exactly when the stored text has the digits, other numbers
 * in JavaScript's shortest form.
 */
export function numberText(raw: string): string {
  const s = raw.trim();
  if (/^-?\d+$/.test(s)) return s;
  const fraction = /^(-?\d+)\.0*$/.exec(s);
  if (fraction) return fraction[1]!;
  const exp = /^(-?)(\d+)(?:\.(\d+))?[eE]\+?(\d+)$/.exec(s);
  if (exp) {
    // Shift the decimal point in the text itself: a 19-digit card number has more digits than a double holds.
    const [, sign, int, frac = '', e] = exp;
    const shift = Number(e);
    if (frac.length <= shift || /^0*$/.test(frac.slice(shift))) {
      const digits = (int! + frac.slice(0, shift).padEnd(shift, '0')).replace(/^0+(?=\d)/, '');
      return sign + digits;
    }
  }
  const n = Number(s);
  if (!Number.isFinite(n)) return s;
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString();
  return String(n);
}

export type DateKind = 'date' | 'time' | 'datetime';

const builtinDateFormats: ReadonlyMap<number, DateKind> = new Map<number, DateKind>([
  [14, 'date'],
  [15, 'date'],
  [16, 'date'],
  [17, 'date'],
  [18, 'time'],
  [19, 'time'],
  [20, 'time'],
  [21, 'time'],
  [22, 'datetime'],
  [45, 'time'],
  [47, 'time'],
  ...[27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58].map((id): [number, DateKind] => [id, 'date']),
]);

/** Whether a number format code shows a date, a time or both (elapsed-time formats such as `[h]:mm` are durations, not dates). */
export function formatDateKind(code: string): DateKind | null {
  const f = code
    .split(';')[0]!
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '');
  if (/\[(?:h+|m+|s+)\]/i.test(f)) return null;
  const plain = f.replace(/\[[^\]]*\]/g, '');
  if (/general/i.test(plain)) return null;
  const time = /[hs]/i.test(plain);
  const date = /[dy]/i.test(plain) || (/m/i.test(plain) && !time);
  if (date && time) return 'datetime';
  if (date) return 'date';
  if (time) return 'time';
  return null;
}

/**
 * An Excel serial day number as ISO 8601. The 1900 system counts from 1899-12-30 and wrongly has a
 * 29 February 1900 (serial 60), so serials below 60 are a day later; the 1904 system counts from 1904-01-01.
 */
export function serialToIso(serial: number, date1904: boolean, kind: DateKind): string | null {
  if (!Number.isFinite(serial) || serial < 0 || serial >= 2958466) return null;
  const base = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  const days = !date1904 && serial < 60 ? serial + 1 : serial;
  const iso = new Date(base + Math.round(days * 86400) * 1000).toISOString();
  const time = iso.slice(11, 19);
  if (kind === 'time' && serial < 1) return time;
  if (kind === 'date' || time === '00:00:00') return iso.slice(0, 10);
  return iso.slice(0, 19);
}

interface Workbook {
  sheets: Array<{ name: string; path: string | null }>;
  date1904: boolean;
  sharedStrings: string | null;
  styles: string | null;
}

/** Resolves a relationship target (relative to `xl/`, or absolute from the package root). */
function partPath(target: string): string {
  const parts: string[] = target.startsWith('/') ? [] : ['xl'];
  for (const seg of target.replace(/^\/+/, '').split('/')) {
    if (seg === '..') parts.pop();
    else if (seg && seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

async function readWorkbook(open: OpenPart): Promise<Workbook> {
  const book: Workbook = { sheets: [], date1904: false, sharedStrings: null, styles: null };
  const workbook = await open('xl/workbook.xml');
  if (!workbook) throw new PartReadError('the workbook has no xl/workbook.xml');
  const sheetIds: Array<{ name: string; rid: string | null }> = [];
  await parseXml(workbook, {
    onopentag(name, attribs) {
      const tag = local(name);
      if (tag === 'sheet') {
        const ridKey = Object.keys(attribs).find((k) => local(k) === 'id' && k !== 'id');
        sheetIds.push({ name: attribs.name ?? `Sheet${sheetIds.length + 1}`, rid: ridKey ? attribs[ridKey]! : null });
      } else if (tag === 'workbookPr') book.date1904 = attribs.date1904 === '1' || attribs.date1904 === 'true';
    },
  });
  const rels = new Map<string, { type: string; target: string }>();
  const relsPart = await open('xl/_rels/workbook.xml.rels');
  if (relsPart)
    await parseXml(relsPart, {
      onopentag(name, attribs) {
        if (local(name) === 'Relationship' && attribs.Id && attribs.Target)
          rels.set(attribs.Id, { type: attribs.Type ?? '', target: partPath(attribs.Target) });
      },
    });
  for (const rel of rels.values()) {
    if (rel.type.endsWith('/sharedStrings')) book.sharedStrings = rel.target;
    else if (rel.type.endsWith('/styles')) book.styles = rel.target;
  }
  if (!relsPart) {
    book.sharedStrings = 'xl/sharedStrings.xml';
    book.styles = 'xl/styles.xml';
  }
  sheetIds.forEach((s, i) => {
    const rel = s.rid ? rels.get(s.rid) : undefined;
    // Chart sheets, dialog and macro sheets hold no cells.
    if (rel && !rel.type.endsWith('/worksheet')) return;
    book.sheets.push({ name: s.name, path: rel?.target ?? (relsPart ? null : `xl/worksheets/sheet${i + 1}.xml`) });
  });
  return book;
}

/**
 * The shared-string table, which must be held for the whole workbook: strings are joined into one text per
 * 4,096 entries with their start offsets, instead of one JavaScript string each (a 500,000-row export with
 * a million distinct values took 200 MB of heap as separate strings).
 */
export class SharedStrings {
  private readonly texts: string[] = [];
  private readonly starts: Uint32Array[] = [];
  private batch: string[] = [];
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(s: string): void {
    this.batch.push(s);
    this.count++;
    if (this.batch.length === 4096) this.flush();
  }

  /** Closes the last batch; call once all strings are in. */
  flush(): void {
    if (this.batch.length === 0) return;
    const starts = new Uint32Array(this.batch.length + 1);
    let at = 0;
    this.batch.forEach((s, i) => {
      starts[i] = at;
      at += s.length;
    });
    starts[this.batch.length] = at;
    this.texts.push(this.batch.join(''));
    this.starts.push(starts);
    this.batch = [];
  }

  get(i: number): string | undefined {
    if (!(i >= 0 && i < this.count)) return undefined;
    const k = i >>> 12;
    if (k >= this.texts.length) return this.batch[i & 4095];
    const starts = this.starts[k]!;
    const j = i & 4095;
    return this.texts[k]!.slice(starts[j], starts[j + 1]);
  }
}

async function readSharedStrings(open: OpenPart, path: string | null): Promise<SharedStrings> {
  const strings = new SharedStrings();
  const part = path ? await open(path) : null;
  if (!part) return strings;
  let current: string[] | null = null;
  let inText = false;
  let phonetic = 0;
  await parseXml(part, {
    onopentag(name) {
      const tag = local(name);
      if (tag === 'si') current = [];
      else if (tag === 't') inText = true;
      else if (tag === 'rPh') phonetic++;
    },
    ontext(data) {
      if (inText && phonetic === 0 && current) current.push(data);
    },
    onclosetag(name) {
      const tag = local(name);
      if (tag === 't') inText = false;
      else if (tag === 'rPh') phonetic--;
      else if (tag === 'si' && current) {
        strings.push(unescapeOoxml(current.join('')));
        current = null;
      }
    },
  });
  strings.flush();
  return strings;
}

/** Per cell style index: whether its number format shows a date or time. */
async function readDateStyles(open: OpenPart, path: string | null): Promise<Array<DateKind | null>> {
  const part = path ? await open(path) : null;
  if (!part) return [];
  const custom = new Map<number, string>();
  const formats: number[] = [];
  let inCellXfs = false;
  await parseXml(part, {
    onopentag(name, attribs) {
      const tag = local(name);
      if (tag === 'numFmt' && attribs.numFmtId && attribs.formatCode !== undefined)
        custom.set(Number(attribs.numFmtId), attribs.formatCode);
      else if (tag === 'cellXfs') inCellXfs = true;
      else if (tag === 'xf' && inCellXfs) formats.push(Number(attribs.numFmtId ?? 0));
    },
    onclosetag(name) {
      if (local(name) === 'cellXfs') inCellXfs = false;
    },
  });
  return formats.map((id) => {
    const code = custom.get(id);
    return code !== undefined ? formatDateKind(code) : (builtinDateFormats.get(id) ?? null);
  });
}

/** Cells per row beyond Excel's own limit (XFD) are ignored. */
const maxColumns = 16384;

/**
 * Reads a workbook into `target`: one table per worksheet, named after the sheet, rows numbered as in
 * the sheet. A part that cannot be read is reported (naming the sheet, its part and the last row read)
 * and the other sheets are still read. Errors thrown by the target (a cancelled run) propagate.
 */
export async function readXlsx(open: OpenPart, target: ParseTarget, maxRecordChars = defaultMaxRecordChars): Promise<void> {
  let book: Workbook;
  let strings: SharedStrings;
  let dateKinds: Array<DateKind | null>;
  try {
    book = await readWorkbook(open);
    strings = await readSharedStrings(open, book.sharedStrings);
    dateKinds = await readDateStyles(open, book.styles);
  } catch (err) {
    if (!(err instanceof PartReadError)) throw err;
    target.error({ message: `cannot read the workbook structure: ${err.message}` });
    return;
  }
  const limit = maxRecordChars >= 1048576 ? `${Math.round(maxRecordChars / 1048576)} Mi characters` : `${maxRecordChars} characters`;
  const usedNames = new Set<string>();

  for (const sheet of book.sheets) {
    let name = sheet.name.trim() || 'Sheet';
    for (let n = 2; usedNames.has(name); n++) name = `${sheet.name.trim() || 'Sheet'}_${n}`;
    usedNames.add(name);
    if (!sheet.path) {
      target.error({ message: `sheet "${sheet.name}": the workbook does not say which part holds it; skipped` });
      continue;
    }
    const grid = createGridTable(name, target);
    let rowNo = 0;
    let cells: string[] = [];
    let rowChars = 0;
    let col = -1;
    let type = 'n';
    let style = 0;
    let value: string[] = [];
    let inValue = false;
    let inInline = false;
    let inText = false;
    let phonetic = 0;

    const cellText = (): string => {
      const raw = value.join('');
      switch (type) {
        case 's':
          return strings.get(Number(raw)) ?? '';
        case 'inlineStr':
        case 'str':
          return unescapeOoxml(raw);
        case 'b':
          return raw === '1' || raw === 'true' ? 'TRUE' : raw ? 'FALSE' : '';
        case 'e':
          return '';
        case 'd':
          return raw.replace(/T00:00:00(?:\.0+)?Z?$/, '');
        default: {
          if (!raw) return '';
          const kind = dateKinds[style];
          if (kind) {
            const iso = serialToIso(Number(raw), book.date1904, kind);
            if (iso) return iso;
          }
          return numberText(raw);
        }
      }
    };

    try {
      const part = await open(sheet.path);
      if (!part) {
        target.error({ message: `sheet "${sheet.name}": part ${sheet.path} is missing from the workbook; skipped` });
        continue;
      }
      await parseXml(part, {
        onopentag(tagName, attribs) {
          switch (local(tagName)) {
            case 'row':
              rowNo = attribs.r ? Number(attribs.r) : rowNo + 1;
              cells = [];
              rowChars = 0;
              col = -1;
              return;
            case 'c':
              col = attribs.r ? columnIndex(attribs.r) : col + 1;
              if (col < 0) col = cells.length;
              type = attribs.t ?? 'n';
              style = attribs.s ? Number(attribs.s) : 0;
              value = [];
              return;
            case 'v':
              inValue = true;
              return;
            case 'is':
              inInline = true;
              return;
            case 't':
              inText = inInline;
              return;
            case 'rPh':
              phonetic++;
              return;
          }
        },
        ontext(data) {
          if (inValue || (inText && phonetic === 0)) {
            value.push(data);
            rowChars += data.length;
          }
        },
        onclosetag(tagName) {
          switch (local(tagName)) {
            case 'v':
              inValue = false;
              return;
            case 'is':
              inInline = false;
              return;
            case 't':
              inText = false;
              return;
            case 'rPh':
              phonetic--;
              return;
            case 'c': {
              if (col >= maxColumns || rowChars > maxRecordChars) return;
              const text = cellText();
              if (!text) return;
              while (cells.length < col) cells.push('');
              cells[col] = text;
              return;
            }
            case 'row':
              if (rowChars > maxRecordChars)
                target.error({ line: rowNo, message: `sheet "${sheet.name}" row ${rowNo} is longer than ${limit}; skipped` });
              else if (cells.length) grid.row(cells, rowNo);
              cells = [];
              return;
          }
        },
      });
    } catch (err) {
      if (!(err instanceof PartReadError)) throw err;
      target.error({
        line: rowNo || undefined,
        message: `sheet "${sheet.name}" (${sheet.path}): ${err.message}; ${rowNo ? `rows up to ${rowNo} were read` : 'nothing was read'}`,
      });
    }
    grid.end();
  }
}
