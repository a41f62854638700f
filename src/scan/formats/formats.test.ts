import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateRawSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCustomerMaster } from '../match/master-loader.js';
import { runScope } from '../run/engine.js';
import type { ScopeResult } from '../types.js';
import { createHtmlParser } from './html-tables.js';
import { createLenientUtf8Decoder, detectEncoding, scanFile, type ScanOptions } from './sources.js';
import { writeZip } from '../synthetic/leak-generator.js';
import type { FileError, FileReport, ParseTarget } from '../types.js';
import { formatDateKind, numberText, serialToIso, SharedStrings } from './xlsx-sheets.js';

const fixtures = 'tests/fixtures/scoping';
const formats = `${fixtures}/formats`;

function collect() {
  const rows: Array<{ table: string | null; columns: readonly string[] | null; fields: string[]; line: number }> = [];
  const lines: Array<{ text: string; line: number }> = [];
  const errors: FileError[] = [];
  const target: ParseTarget = {
    row: (table, columns, fields, line) => rows.push({ table, columns, fields, line }),
    object: () => {},
    text: (text, line) => lines.push({ text, line }),
    error: (e) => errors.push(e),
  };
  return { rows, lines, errors, target };
}

/** Runs scanFile with a visitor that keeps every report and record. */
async function scan(file: string, opts: ScanOptions = {}) {
  const reports: FileReport[] = [];
  const rows: Array<{ file: string; table: string | null; columns: readonly string[] | null; fields: string[]; line: number }> = [];
  const lines: Array<{ file: string; text: string; line: number }> = [];
  await scanFile(
    file,
    path.basename(file),
    {
      begin(report) {
        return {
          row: (table, columns, fields, line) => {
            report.records++;
            rows.push({ file: report.file, table, columns, fields, line });
          },
          object: () => {
            report.records++;
          },
          text: (text, line) => {
            report.records++;
            lines.push({ file: report.file, text, line });
          },
          error: (e) => report.errors.push(e),
        };
      },
      end: (report) => reports.push(report),
    },
    opts,
  );
  return { reports, rows, lines, byFile: (name: string) => reports.find((r) => r.file === name) };
}

// ---------------------------------------------------------------------------------------------------------------
// A minimal XLSX writer (shared strings, inline strings, numbers, dates, booleans), enough to build test workbooks.

type XCell =
  string | number | boolean | null | { date: number; style?: number } | { inline: string } | { rich: string[]; phonetic?: string };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const colName = (i: number): string => (i >= 26 ? colName(Math.floor(i / 26) - 1) : '') + String.fromCharCode(65 + (i % 26));

function sheetXml(rows: XCell[][], strings: string[], sst: Map<string, number>, firstRow = 1): string {
  const index = (s: string) => {
    let i = sst.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      sst.set(s, i);
    }
    return i;
  };
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>',
  ];
  rows.forEach((row, r) => {
    const n = r + firstRow;
    out.push(`<x:row r="${n}">`);
    row.forEach((cell, c) => {
      const ref = `${colName(c)}${n}`;
      if (cell === null) return;
      if (typeof cell === 'string') out.push(`<x:c r="${ref}" t="s"><x:v>${index(cell)}</x:v></x:c>`);
      else if (typeof cell === 'number') out.push(`<x:c r="${ref}"><x:v>${cell}</x:v></x:c>`);
      else if (typeof cell === 'boolean') out.push(`<x:c r="${ref}" t="b"><x:v>${cell ? 1 : 0}</x:v></x:c>`);
      else if ('date' in cell) out.push(`<x:c r="${ref}" s="${cell.style ?? 1}"><x:v>${cell.date}</x:v></x:c>`);
      else if ('inline' in cell) out.push(`<x:c r="${ref}" t="inlineStr"><x:is><x:t>${esc(cell.inline)}</x:t></x:is></x:c>`);
      else out.push(`<x:c r="${ref}" t="s"><x:v>${index(JSON.stringify(cell))}</x:v></x:c>`);
    });
    out.push('</x:row>');
  });
  out.push('</x:sheetData></x:worksheet>');
  return out.join('');
}

function xlsxMembers(
  sheets: Array<{ name: string; rows: XCell[][]; xml?: string }>,
  opts: { date1904?: boolean } = {},
): Array<{ name: string; data: Buffer }> {
  const strings: string[] = [];
  const sst = new Map<string, number>();
  const sheetParts = sheets.map((s, i) => ({
    name: `xl/worksheets/sheet${i + 1}.xml`,
    data: Buffer.from(s.xml ?? sheetXml(s.rows, strings, sst)),
  }));
  const si = strings.map((s) => {
    if (s.startsWith('{')) {
      const rich = JSON.parse(s) as { rich: string[]; phonetic?: string };
      return `<si>${rich.rich.map((t) => `<r><rPr><b/></rPr><t xml:space="preserve">${esc(t)}</t></r>`).join('')}${rich.phonetic ? `<rPh sb="0" eb="1"><t>${esc(rich.phonetic)}</t></rPh>` : ''}</si>`;
    }
    return `<si><t xml:space="preserve">${esc(s)}</t></si>`;
  });
  return [
    {
      name: '[Content_Types].xml',
      data: Buffer.from(
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
      ),
    },
    {
      name: 'xl/workbook.xml',
      data: Buffer.from(
        `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr${opts.date1904 ? ' date1904="1"' : ''}/><sheets>${sheets
          .map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
          .join('')}</sheets></workbook>`,
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: Buffer.from(
        `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
          .map(
            (_, i) =>
              // One absolute and the others relative targets: both occur in the wild.
              `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="${i === 0 ? '/xl/' : ''}worksheets/sheet${i + 1}.xml"/>`,
          )
          .join(
            '',
          )}<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
      ),
    },
    {
      name: 'xl/styles.xml',
      data: Buffer.from(
        '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy\\ hh:mm"/></numFmts>' +
          '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="49"/></cellXfs></styleSheet>',
      ),
    },
    {
      name: 'xl/sharedStrings.xml',
      data: Buffer.from(`<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${si.join('')}</sst>`),
    },
    ...sheetParts,
  ];
}

function writeXlsx(file: string, sheets: Array<{ name: string; rows: XCell[][]; xml?: string }>, opts: { date1904?: boolean } = {}) {
  writeZip(file, xlsxMembers(sheets, opts));
}

const zipBuffer = (members: Array<{ name: string; data: Buffer }>, dir: string) => {
  const file = path.join(dir, `tmp-${Math.random().toString(36).slice(2)}.zip`);
  writeZip(file, members);
  const data = readFileSync(file);
  rmSync(file);
  return data;
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'breachdesk-formats-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// ---------------------------------------------------------------------------------------------------------------

describe('HTML', () => {
  it('reads each table with its header, key/value tables as one record, and the text outside tables', async () => {
    const s = await scan(`${formats}/customers-page.html`);
    expect(s.reports[0]).toMatchObject({ format: 'html', encoding: 'utf-8', errors: [] });
    expect(s.rows.map((r) => [r.table, r.columns, r.fields, r.line])).toEqual([
      ['customers', ['E-Mail', 'Name', 'Card number', 'Exp'], ['mary@example.com', 'Mary Smith', '4539 1488 0343 6467', '09/27'], 31],
      ['customers', ['E-Mail', 'Name', 'Card number', 'Exp'], ['nobody@example.net', 'Zed Nobody', '4111 1111 1111 1111', '01/26'], 37],
      ['table2', ['Email', 'Phone', 'Name'], ['elodie@example.fr', '06 12 34 56 78', 'Élodie Lefèvre'], 46],
    ]);
    // Script and style contents are not text; entities are decoded; lines keep their source line numbers.
    expect(s.lines).toEqual([
      { file: 'customers-page.html', text: 'Shop admin – customer export', line: 5 },
      { file: 'customers-page.html', text: 'Customers', line: 16 },
      { file: 'customers-page.html', text: 'Exported by support: ann.lee2@example.com, password=hunter2', line: 17 },
    ]);
  });

  it('gives the same records for any chunking of the page', () => {
    const page = readFileSync(`${formats}/customers-page.html`, 'utf8');
    const whole = collect();
    const p = createHtmlParser(whole.target);
    p.push(page);
    p.end();
    fc.assert(
      fc.property(fc.array(fc.nat(page.length), { maxLength: 12 }), (cuts) => {
        const c = collect();
        const parser = createHtmlParser(c.target);
        let at = 0;
        for (const cut of [...cuts].sort((a, b) => a - b)) {
          parser.push(page.slice(at, cut));
          at = cut;
        }
        parser.push(page.slice(at));
        parser.end();
        expect(c.rows).toEqual(whole.rows);
        expect(c.lines).toEqual(whole.lines);
      }),
    );
  });

  it('names tables by caption, numbers the others, detects a header row without <th>, joins stacked headers and skips repeated ones', () => {
    const c = collect();
    const p = createHtmlParser(c.target);
    p.push(
      [
        '<table><caption> Orders\n2024 </caption><tr><td>email</td><td>total</td></tr><tr><td>a@b.example</td><td>3</td></tr></table>',
        '<table><tr><td>x@y.example</td><td>5</td></tr><tr><td>z@y.example</td><td>6</td></tr></table>',
        '<table><thead><tr><th colspan="2">Contact</th><th>Card</th></tr><tr><th>Email</th><th>Phone</th><th></th></tr></thead>',
        '<tr><td>m@x.example</td><td>+1 646 555 0143</td><td>4539 1488 0343 6467</td></tr>',
        '<tr><th>Email</th><th>Phone</th><th></th></tr><tr><td>n@x.example</td><td>1</td><td colspan="2">2</td></tr></table>',
      ].join('\n'),
    );
    p.end();
    expect(c.rows.map((r) => [r.table, r.columns, r.fields])).toEqual([
      ['Orders 2024', ['email', 'total'], ['a@b.example', '3']],
      ['table2', null, ['x@y.example', '5']],
      ['table2', null, ['z@y.example', '6']],
      ['table3', ['Contact Email', 'Contact Phone', 'Card'], ['m@x.example', '+1 646 555 0143', '4539 1488 0343 6467']],
      ['table3', ['Contact Email', 'Contact Phone', 'Card'], ['n@x.example', '1', '2', '']],
    ]);
  });

  it('skips a text line longer than the limit with an error and reads on; stops on endless markup', () => {
    const c = collect();
    const p = createHtmlParser(c.target, 1000);
    p.push(`<p>first a@b.example</p>\n<pre>${'x'.repeat(600)}`);
    p.push(`${'y'.repeat(600)}</pre>\n<p>after c@d.example</p><table><tr><td>${'z'.repeat(2000)}</td></tr><tr><td>ok</td></tr></table>`);
    p.end();
    expect(c.lines.map((l) => [l.text, l.line])).toEqual([
      ['first a@b.example', 1],
      ['after c@d.example', 3],
    ]);
    expect(c.rows.map((r) => r.fields)).toEqual([['ok']]);
    expect(c.errors).toMatchObject([{ line: 2 }, { line: 3 }]);

    const endless = collect();
    const q = createHtmlParser(endless.target, 1000);
    q.push('<p>a@b.example</p>\n<!-- ');
    for (let i = 0; i < 5; i++) q.push('never closed '.repeat(100));
    q.end();
    expect(q.aborted).toBe(true);
    expect(endless.lines).toHaveLength(1);
    expect(endless.errors[0]!.message).toMatch(/unclosed comment or tag/);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('XLSX', () => {
  it('writes integers stored as numbers as plain digits, exactly, whatever way the number is written', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 19n - 1n }), (n) => {
        const digits = n.toString();
        expect(numberText(digits)).toBe(digits);
        expect(numberText(`${digits}.0`)).toBe(digits);
        const exp = `${digits[0]}.${digits.slice(1) || '0'}E+${digits.length - 1}`;
        expect(numberText(exp)).toBe(digits);
        expect(numberText(exp.toLowerCase().replace('+', ''))).toBe(digits);
      }),
    );
    expect(numberText('4.915112345678E12')).toBe('4915112345678');
    expect(numberText('12.5')).toBe('12.5');
    expect(numberText('-3.0')).toBe('-3');
    expect(numberText('1.5E-3')).toBe('0.0015');
  });

  it('keeps shared strings in joined batches and gives each back unchanged', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 9000 }), (list) => {
        const pool = new SharedStrings();
        list.forEach((s) => pool.push(s));
        pool.flush();
        expect(pool.length).toBe(list.length);
        list.forEach((s, i) => expect(pool.get(i)).toBe(s));
        expect(pool.get(list.length)).toBeUndefined();
      }),
      { numRuns: 20 },
    );
  });

  it('turns serial days into ISO dates in both date systems, and knows date formats', () => {
    expect(serialToIso(1, false, 'date')).toBe('1900-01-01');
    expect(serialToIso(59, false, 'date')).toBe('1900-02-28');
    expect(serialToIso(61, false, 'date')).toBe('1900-03-01');
    expect(serialToIso(31879, false, 'date')).toBe('1987-04-12');
    expect(serialToIso(31879.75, false, 'datetime')).toBe('1987-04-12T18:00:00');
    expect(serialToIso(31879, false, 'datetime')).toBe('1987-04-12');
    expect(serialToIso(0.5, false, 'time')).toBe('12:00:00');
    expect(serialToIso(0, true, 'date')).toBe('1904-01-01');
    expect(serialToIso(30417, true, 'date')).toBe('1987-04-12');
    expect(serialToIso(-1, false, 'date')).toBeNull();
    expect(formatDateKind('dd.mm.yyyy')).toBe('date');
    expect(formatDateKind('[$-407]d. mmmm yyyy;@')).toBe('date');
    expect(formatDateKind('m/d/yy h:mm')).toBe('datetime');
    expect(formatDateKind('h:mm AM/PM')).toBe('time');
    expect(formatDateKind('[h]:mm:ss')).toBeNull();
    expect(formatDateKind('#,##0.00 [$€-407];[Red]-#,##0.00')).toBeNull();
    expect(formatDateKind('"Tag" 0')).toBeNull();
    expect(formatDateKind('General')).toBeNull();
    expect(formatDateKind('0.00E+00')).toBeNull();
  });

  it('reads every sheet as a table: shared, rich and inline strings, numbers as digits, dates as ISO, gaps as empty cells', async () => {
    const file = path.join(dir, 'book.xlsx');
    writeXlsx(file, [
      {
        name: 'Kunden',
        rows: [
          ['E-Mail', 'Telefon', 'Karte', 'Geburtsdatum', 'Letzter Login', 'Name', 'Aktiv', { inline: 'Notiz' }],
          [
            'mary@example.com',
            4915112345678,
            4539148803436467,
            { date: 31879 },
            { date: 45000.25, style: 2 },
            'Mary Smith',
            true,
            { inline: 'a_x000D_b & c' },
          ],
          [
            { rich: ['juergen.gross', '@example.de'], phonetic: 'ユ' },
            4.93012345678e11,
            null,
            { date: 21916 },
            null,
            'Jürgen Groß',
            false,
            null,
          ],
        ],
      },
      { name: 'Leer', rows: [] },
      { name: 'Kunden', rows: [[null, 'elodie@example.fr', 'Élodie Lefèvre']] },
    ]);
    const s = await scan(file);
    expect(s.reports).toMatchObject([{ file: 'book.xlsx', format: 'xlsx', errors: [] }]);
    const header = ['E-Mail', 'Telefon', 'Karte', 'Geburtsdatum', 'Letzter Login', 'Name', 'Aktiv', 'Notiz'];
    expect(s.rows.map((r) => [r.table, r.columns, r.fields, r.line])).toEqual([
      [
        'Kunden',
        header,
        ['mary@example.com', '4915112345678', '4539148803436467', '1987-04-12', '2023-03-15T06:00:00', 'Mary Smith', 'TRUE', 'a\rb & c'],
        2,
      ],
      ['Kunden', header, ['juergen.gross@example.de', '493012345678', '', '1960-01-01', '', 'Jürgen Groß', 'FALSE'], 3],
      // A second sheet of the same name gets its own table; a single row with an email is data, not a header.
      ['Kunden_2', null, ['', 'elodie@example.fr', 'Élodie Lefèvre'], 1],
    ]);
  });

  it('reads a large sheet in bounded memory', async () => {
    const rows = 120_000;
    const xml: string[] = ['<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'];
    xml.push(
      '<row r="1"><c r="A1" t="inlineStr"><is><t>email</t></is></c><c r="B1" t="inlineStr"><is><t>phone</t></is></c><c r="C1" t="inlineStr"><is><t>name</t></is></c></row>',
    );
    for (let i = 2; i <= rows + 1; i++)
      xml.push(
        `<row r="${i}"><c r="A${i}" t="inlineStr"><is><t>user${i}@example.org</t></is></c><c r="B${i}"><v>4915112${String(i).padStart(6, '0')}</v></c><c r="C${i}" t="inlineStr"><is><t>Person Number${i}</t></is></c></row>`,
      );
    xml.push('</sheetData></worksheet>');
    const file = path.join(dir, 'large.xlsx');
    writeXlsx(file, [{ name: 'Big', rows: [], xml: xml.join('') }]);
    xml.length = 0;
    let records = 0;
    let peak = 0;
    const before = process.memoryUsage().heapUsed;
    await scanFile(file, 'large.xlsx', {
      begin: () => ({
        row: () => {
          if (++records % 10_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - before);
        },
        object: () => {},
        text: () => {},
        error: (e) => {
          throw new Error(e.message);
        },
      }),
      end: () => {},
    });
    expect(records).toBe(rows);
    // The sheet XML is about 17 MB; holding it (or its rows) would show here.
    expect(peak).toBeLessThan(48 * 1024 * 1024);
  }, 30_000);

  it('reports a damaged sheet naming the sheet and its part, and still reads the other sheets', async () => {
    const members = xlsxMembers([
      { name: 'Good', rows: [['email'], ['mary@example.com']] },
      { name: 'Broken', rows: [['email'], ...Array.from({ length: 3000 }, (_, i) => [`u${i}@example.org`])] },
    ]);
    const file = path.join(dir, 'damaged.xlsx');
    writeZip(file, members);
    // Damage the compressed data of the second sheet (the last member) in the middle.
    const data = readFileSync(file);
    const at = data.lastIndexOf(Buffer.from('xl/worksheets/sheet2.xml')) - 46; // central directory entry
    const localOffset = data.readUInt32LE(at + 42);
    const compressed = data.readUInt32LE(at + 20);
    const start = localOffset + 30 + 'xl/worksheets/sheet2.xml'.length;
    for (let i = start + Math.floor(compressed / 2); i < start + compressed - 4; i++) data[i] = 0xff;
    writeFileSync(file, data);
    const s = await scan(file);
    expect(s.rows.filter((r) => r.table === 'Good').map((r) => r.fields)).toEqual([['mary@example.com']]);
    const report = s.reports[0]!;
    expect(report.format).toBe('xlsx');
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]!.message).toMatch(/^sheet "Broken" \(xl\/worksheets\/sheet2\.xml\)/);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('archives', () => {
  const csv = 'email,name\nmary@example.com,Mary Smith\nelodie@example.fr,Élodie Lefèvre\n';

  it('reads a zip inside a zip inside a zip, gzip inside them and a workbook inside a zip, naming each member by its path', async () => {
    const deep = zipBuffer([{ name: 'deep/users.csv.gz', data: gzipSync(csv) }], dir);
    const book = path.join(dir, 'inner-book.xlsx');
    writeXlsx(book, [{ name: 'Sheet1', rows: [['email'], ['ann.lee2@example.com']] }]);
    const inner = zipBuffer(
      [
        { name: 'deep.zip', data: deep },
        { name: 'book.xlsx', data: readFileSync(book) },
      ],
      dir,
    );
    const file = path.join(dir, 'outer.zip');
    writeZip(file, [
      { name: 'a.csv', data: Buffer.from(csv) },
      { name: 'nested/inner.zip', data: inner },
    ]);
    const s = await scan(file);
    expect(s.reports.map((r) => [r.file, r.format, r.records, r.errors])).toEqual([
      ['outer.zip!a.csv', 'csv', 3, []],
      ['outer.zip!nested/inner.zip!deep.zip!deep/users.csv.gz', 'csv', 3, []],
      ['outer.zip!nested/inner.zip!book.xlsx', 'xlsx', 1, []],
    ]);
    expect(s.byFile('outer.zip!nested/inner.zip!deep.zip!deep/users.csv.gz')!.compression).toBe('gzip');
  });

  it('refuses archives nested deeper than the limit, naming the member', async () => {
    let data = zipBuffer([{ name: 'x.csv', data: Buffer.from(csv) }], dir);
    for (let i = 0; i < 4; i++) data = zipBuffer([{ name: `level${i}.zip`, data }], dir);
    const file = path.join(dir, 'russian-doll.zip');
    writeFileSync(file, data);
    const s = await scan(file);
    expect(s.reports).toHaveLength(1);
    expect(s.reports[0]).toMatchObject({ file: 'russian-doll.zip!level3.zip!level2.zip!level1.zip!level0.zip', records: 0 });
    expect(s.reports[0]!.errors[0]!.message).toMatch(/nested deeper than 4 levels/);
    expect((await scan(file, { maxArchiveDepth: 6 })).reports).toMatchObject([
      { file: 'russian-doll.zip!level3.zip!level2.zip!level1.zip!level0.zip!x.csv', records: 3 },
    ]);
  });

  it('refuses a zip bomb member before inflating it and a gzip bomb while inflating, naming them; other members are read', async () => {
    const bomb = Buffer.alloc(24 * 1024 * 1024, 'a');
    const file = path.join(dir, 'bomb.zip');
    writeZip(file, [
      { name: 'bomb.txt', data: bomb },
      { name: 'ok.csv', data: Buffer.from(csv) },
      { name: 'bomb2.log.gz', data: gzipSync(bomb) },
    ]);
    const s = await scan(file);
    const bombReport = s.byFile('bomb.zip!bomb.txt')!;
    expect(bombReport.records).toBe(0);
    expect(bombReport.errors[0]!.message).toMatch(/^bomb\.zip!bomb\.txt: expands \d+ times .* not read \(zip bomb guard\)/);
    expect(s.byFile('bomb.zip!ok.csv')).toMatchObject({ records: 3, errors: [] });
    // The .gz member is small once zipped again, so its own stream ratio stops it part-way.
    const gz = s.byFile('bomb.zip!bomb2.log.gz')!;
    expect(gz.errors.map((e) => e.message).join()).toMatch(/bomb\.zip!bomb2\.log\.gz.*zip bomb guard/);

    const total = await scan(path.join(dir, 'outer.zip'), { maxExpandedBytes: 50 });
    expect(total.reports[0]!.errors[0]!.message).toMatch(/^outer\.zip!a\.csv: expands to \d+ bytes, past the limit/);
  }, 20_000);

  it('reports a member with damaged data by name and offset, and reads the others', async () => {
    const file = path.join(dir, 'damaged-member.zip');
    const big = Buffer.from(csv + 'x@y.example,Some One\n'.repeat(20_000));
    writeZip(file, [
      { name: 'first.csv', data: Buffer.from(csv) },
      { name: 'broken.csv', data: big },
      { name: 'last.csv', data: Buffer.from(csv) },
    ]);
    const data = readFileSync(file);
    const start = 30 + 'first.csv'.length + deflateRawSync(Buffer.from(csv)).length + 30 + 'broken.csv'.length;
    const length = deflateRawSync(big).length;
    data.fill(0x5a, start + Math.floor(length / 2), start + length - 2);
    writeFileSync(file, data);
    const s = await scan(file);
    expect(s.byFile('damaged-member.zip!first.csv')).toMatchObject({ records: 3, errors: [] });
    expect(s.byFile('damaged-member.zip!last.csv')).toMatchObject({ records: 3, errors: [] });
    const broken = s.byFile('damaged-member.zip!broken.csv')!;
    expect(broken.records).toBeGreaterThan(10);
    expect(broken.errors[0]).toMatchObject({ offset: expect.any(Number) as number });
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('encodings', () => {
  it('reads a UTF-8 file with stray Windows-1252 bytes as UTF-8 and names the first stray byte', () => {
    const mixed = Buffer.concat([Buffer.from('Zoë Ångström, Élodie Lefèvre\n'), Buffer.from('Jürgen\n', 'latin1')]);
    expect(detectEncoding(mixed, true)).toEqual({ encoding: 'utf-8', bom: 0 });
    expect(detectEncoding(Buffer.from('Jürgen Groß, Zoë\n', 'latin1'), true)).toEqual({ encoding: 'windows-1252', bom: 0 });
    const events: string[] = [];
    const decoder = createLenientUtf8Decoder(3, {
      switched: (o) => events.push(`switched ${o}`),
      invalid: (o) => events.push(`invalid ${o}`),
    });
    // Split inside a UTF-8 sequence and next to the stray byte: the text is the same.
    const text =
      decoder.write(mixed.subarray(0, 3)) +
      decoder.write(mixed.subarray(3, mixed.length - 6)) +
      decoder.write(mixed.subarray(mixed.length - 6)) +
      decoder.end();
    expect(text).toBe('Zoë Ångström, Élodie Lefèvre\nJürgen\n');
    expect(events).toEqual([`invalid ${3 + mixed.indexOf(0xfc)}`]);
    const ascii = createLenientUtf8Decoder(0, {
      switched: (o) => events.push(`switched ${o}`),
      invalid: (o) => events.push(`invalid ${o}`),
    });
    // Windows-1252 bytes for "Groß – €": 0x96 and 0x80 are not Latin-1.
    const cp1252 = Buffer.from([0x47, 0x72, 0x6f, 0xdf, 0x20, 0x96, 0x20, 0x80]);
    expect(ascii.write(Buffer.from('plain ')) + ascii.write(cp1252) + ascii.end()).toBe('plain Groß – €');
    expect(events.at(-1)).toBe('switched 9');
  });
});

describe('bad input, end to end: every damaged file is named with its line or offset, the rest is read, the run is incomplete', () => {
  let bad: string;
  let result: ScopeResult;
  const mixedPadding = 'filler@example.invalid,Zoë Ångström\n'.repeat(40_000);
  const asciiPadding = 'filler@example.invalid,Name Padding\n'.repeat(40_000);
  const latin1Row = 'juergen.gross@example.de,Jürgen Groß\n';

  beforeAll(async () => {
    bad = mkdtempSync(path.join(os.tmpdir(), 'breachdesk-bad-input-'));
    const gz = gzipSync(Buffer.from('email,name\nmary@example.com,Mary Smith\n' + 'x@y.example,Some One\n'.repeat(20_000)));
    writeFileSync(path.join(bad, 'a_truncated.csv.gz'), gz.subarray(0, Math.floor(gz.length * 0.6)));
    writeFileSync(path.join(bad, 'b_corrupt.zip'), Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(2000, 0x41)]));
    writeFileSync(path.join(bad, 'c_garbage.dat'), Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 7919 + 13) % 256)));
    // UTF-8 up front, then a Windows-1252 row past the first read (1 MiB) the encoding is guessed from.
    writeFileSync(
      path.join(bad, 'e_mixed_encoding.csv'),
      Buffer.concat([Buffer.from(`email,name\nelodie@example.fr,Élodie Lefèvre\n${mixedPadding}`), Buffer.from(latin1Row, 'latin1')]),
    );
    // ASCII up front, Windows-1252 later: read as Windows-1252 from there, no error.
    writeFileSync(
      path.join(bad, 'f_latin1_late.csv'),
      Buffer.concat([Buffer.from(`email,name\n${asciiPadding}`), Buffer.from(latin1Row, 'latin1')]),
    );
    // A trailing comma in the second element, and the closing bracket missing (not a committed fixture: Prettier checks JSON).
    writeFileSync(
      path.join(bad, 'g_malformed.json'),
      '[\n  {"email": "mary@example.com", "name": "Mary Smith"},\n  {"email": "elodie@example.fr", "name": "Élodie Lefèvre", },\n  {"email": "ann.lee2@example.com", "name": "Ann Lee"}\n',
    );
    const master = await loadCustomerMaster(`${fixtures}/customers.csv`);
    result = await runScope({
      customers: master.index,
      inputs: [bad, `${formats}/malformed.sql`, `${formats}/customers-page.html`],
    });
  }, 60_000);
  afterAll(() => rmSync(bad, { recursive: true, force: true }));

  const file = (name: string) => result.files.find((f) => f.file === name || f.file === path.join(bad, name))!;

  it('marks the run incomplete and still finds the customers in the readable parts', () => {
    expect(result.complete).toBe(false);
    expect([...result.affected].map((a) => a.customer_id)).toEqual(['K-1001', 'K-1002', 'K-1004', 'K-1005']);
  });

  it('a 200 MB line: skipped with its line and byte offset, in bounded memory, and the line after it is read', async () => {
    // 200 MB without a line break between two good lines, written in pieces so the test itself stays small.
    const file = path.join(bad, 'long.log');
    const firstLine = 'login ok for mary@example.com\n';
    const out = createWriteStream(file);
    out.write(firstLine);
    const piece = Buffer.alloc(8 * 1024 * 1024, 'x');
    for (let written = 0; written < 200 * 1024 * 1024; written += piece.length)
      if (!out.write(piece)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    out.write('\nreset for elodie@example.fr\n');
    await new Promise<void>((resolve) => out.end(resolve));

    let peak = 0;
    const sample = () => {
      const m = process.memoryUsage();
      peak = Math.max(peak, m.heapUsed + m.arrayBuffers);
    };
    const timer = setInterval(sample, 5);
    const before = process.memoryUsage();
    let s: Awaited<ReturnType<typeof scan>>;
    try {
      s = await scan(file);
    } finally {
      clearInterval(timer);
      rmSync(file, { force: true });
    }
    expect(s.reports).toMatchObject([{ file: 'long.log', format: 'text', records: 2, errors: [{ line: 2, offset: firstLine.length }] }]);
    expect(s.reports[0]!.errors[0]!.message).toMatch(/line 2 is longer than 16 Mi characters; skipped/);
    expect(s.lines.map((l) => [l.text, l.line])).toEqual([
      ['login ok for mary@example.com', 1],
      ['reset for elodie@example.fr', 3],
    ]);
    // The line is never held: at most the 16 Mi characters before it is given up, plus read buffers.
    expect(peak - before.heapUsed - before.arrayBuffers).toBeLessThan(160 * 1024 * 1024);
  }, 30_000);

  it('truncated gzip: records before the damage, the byte offset', () => {
    const f = file('a_truncated.csv.gz');
    expect(f.records).toBeGreaterThan(100);
    expect(f.errors).toMatchObject([{ offset: expect.any(Number) as number, message: expect.stringMatching(/truncated gzip/) as string }]);
  });

  it('corrupt zip and binary garbage: refused with an offset', () => {
    expect(file('b_corrupt.zip')).toMatchObject({ format: 'zip', records: 0, errors: [{ offset: 0 }] });
    expect(file('b_corrupt.zip').errors[0]!.message).toMatch(/corrupt or truncated zip/);
    // The first NUL byte of the garbage is its 62nd.
    expect(file('c_garbage.dat')).toMatchObject({
      records: 0,
      errors: [{ offset: 61, message: expect.stringMatching(/binary data/) as string }],
    });
  });

  it('mixed encodings: the offset of the first byte that is not UTF-8, and both names read right', () => {
    const f = file('e_mixed_encoding.csv');
    const offset = Buffer.byteLength(`email,name\nelodie@example.fr,Élodie Lefèvre\n${mixedPadding}`) + 'juergen.gross@example.de,J'.length;
    expect(f).toMatchObject({
      encoding: 'utf-8',
      records: 40_002,
      errors: [{ offset, message: expect.stringMatching(/invalid UTF-8/) as string }],
    });
    expect(file('f_latin1_late.csv')).toMatchObject({ encoding: 'windows-1252', records: 40_001, errors: [] });
    const k1001 = [...result.affected].find((a) => a.customer_id === 'K-1001')!;
    expect(k1001.sources.map((s) => path.basename(s.file)).sort()).toEqual(['e_mixed_encoding.csv', 'f_latin1_late.csv']);
  });

  it('malformed JSON and SQL: the line of each bad element or tuple, the good ones counted', () => {
    expect(file('g_malformed.json')).toMatchObject({ format: 'json', records: 2 });
    expect(file('g_malformed.json').errors.map((e) => e.line)).toEqual([3, 5]);
    expect(file(`${formats}/malformed.sql`)).toMatchObject({ format: 'sql', records: 2 });
    expect(file(`${formats}/malformed.sql`).errors.map((e) => e.line)).toEqual([2, 4]);
    expect(file(`${formats}/customers-page.html`)).toMatchObject({ format: 'html', records: 6, errors: [] });
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('breachdesk scope (spawned) with an HTML page, an XLSX workbook and a zip inside a zip', () => {
  it('finds the affected customers and their data types', async () => {
    const leaks = mkdtempSync(path.join(os.tmpdir(), 'breachdesk-formats-cli-'));
    try {
      writeFileSync(path.join(leaks, 'admin.html'), readFileSync(`${formats}/customers-page.html`));
      writeXlsx(path.join(leaks, 'export.xlsx'), [
        {
          name: 'Kunden',
          rows: [
            ['E-Mail', 'Telefon', 'Vorname', 'Nachname', 'Geburtsdatum'],
            ['juergen.gross@example.de', 493012345678, 'Jürgen', 'Groß', { date: 22419 }],
          ],
        },
      ]);
      const inner = zipBuffer(
        [{ name: 'orders.csv.gz', data: gzipSync('email;iban\nann.lee@example.com;DE62370400440532013001\n') }],
        leaks,
      );
      writeZip(path.join(leaks, 'bundle.zip'), [{ name: 'backup/inner.zip', data: inner }]);

      const child = spawn(
        process.execPath,
        ['bin/breachdesk.js', 'scope', '--customers', `${fixtures}/customers.csv`, leaks, '--json', '--no-progress'],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const result = JSON.parse(stdout) as ScopeResult;
      expect(result.complete).toBe(true);
      expect([...result.affected].map((a) => [a.customer_id, a.data_types, a.sources.map((s) => path.relative(leaks, s.file))])).toEqual([
        ['K-1001', ['email', 'name', 'phone', 'date_of_birth'], ['export.xlsx']],
        ['K-1002', ['email', 'name', 'phone'], ['admin.html']],
        ['K-1003', ['email', 'iban'], ['bundle.zip!backup/inner.zip!orders.csv.gz']],
        ['K-1004', ['email', 'password_plain'], ['admin.html']],
        ['K-1005', ['email', 'name', 'card_pan', 'card_expiry'], ['admin.html']],
      ]);
      const files = Object.fromEntries(result.files.map((f) => [path.relative(leaks, f.file), f]));
      expect(files['export.xlsx']).toMatchObject({ format: 'xlsx', records: 1 });
      expect(files['export.xlsx']!.columns).toContainEqual({
        name: 'Kunden.Geburtsdatum',
        data_type: 'date_of_birth',
        role: 'date_of_birth',
      });
      expect(files['admin.html']!.columns).toContainEqual({ name: 'customers.Card number', data_type: 'card_pan', role: 'card_pan' });
      expect(files['bundle.zip!backup/inner.zip!orders.csv.gz']).toMatchObject({ format: 'csv', compression: 'gzip', records: 1 });
    } finally {
      rmSync(leaks, { recursive: true, force: true });
    }
  }, 60_000);
});
