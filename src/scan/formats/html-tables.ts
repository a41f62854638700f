/**
 * HTML pages (a dumped admin page, a "customer list" saved from a browser, a paste site): every `<table>`
 * is a table of its own, named by its `id`, else its `<caption>`, else `table1`, `table2`… in document
 * order, with the header from its `<th>` row(s) or, without one, the first row when it reads like a header.
 * Text outside tables is free text, one record per line (source lines and block elements such as `<p>`,
 * `<div>`, `<li>`, `<br>` end a line). Script and style contents are ignored; entities are decoded by the
 * parser (htmlparser2, streaming and forgiving, so broken markup never stops a file).
 */
import { Parser as HtmlParser } from 'htmlparser2';
import { createGridTable, type GridTable, uniqueColumnNames } from './header-grid.js';
import { defaultMaxRecordChars } from './parsers.js';
import type { ParseTarget, Parser } from '../types.js';

const ignoredElements = new Set(['script', 'style']);
/** Elements that end a line of free text (and separate words inside a table cell). */
const blockElements = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'br',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'head',
  'header',
  'hr',
  'html',
  'li',
  'main',
  'nav',
  'ol',
  'option',
  'p',
  'pre',
  'section',
  'summary',
  'title',
  'ul',
]);

interface Cell {
  text: string;
  span: number;
  header: boolean;
}

interface TableState {
  number: number;
  id: string | null;
  caption: string | null;
  captionText: string[] | null;
  grid: GridTable | null;
  headerRows: string[][];
  inHead: boolean;
  row: Cell[] | null;
  rowLine: number;
  rowChars: number;
  rowTooLong: boolean;
  cell: string[] | null;
  cellSpan: number;
  cellHeader: boolean;
  /** A detail page's table of `<th>key</th><td>value</td>` rows, read as one record; null once a row breaks the shape. */
  keyValue: { keys: string[]; values: string[]; line: number } | null;
}

/** Tracks the line number of a position in the character stream, keeping only the chunks not yet passed. */
function createLineCounter() {
  const chunks: string[] = [];
  let firstStart = 0; // stream position of chunks[0]
  let pos = 0; // position the count is at
  let line = 1;
  let end = 0;
  return {
    add(chunk: string) {
      chunks.push(chunk);
      end += chunk.length;
    },
    /** Line of stream position `to` (positions must not go backwards much; earlier ones answer the current line). */
    lineAt(to: number): number {
      while (pos < to && chunks.length > 0) {
        const chunk = chunks[0]!;
        const chunkEnd = firstStart + chunk.length;
        const stop = Math.min(to, chunkEnd);
        let i = chunk.indexOf('\n', pos - firstStart);
        while (i !== -1 && i < stop - firstStart) {
          line++;
          i = chunk.indexOf('\n', i + 1);
        }
        pos = stop;
        if (pos >= chunkEnd) {
          chunks.shift();
          firstStart = chunkEnd;
        }
      }
      return line;
    },
    /** Forgets held text older than `keep` characters before the end (a huge tag or comment), counting its lines. */
    trim(keep: number) {
      if (end - pos > keep) this.lineAt(end - keep);
    },
  };
}

/**
 * Push parser for HTML. `maxRecordChars` limits a line of text, a table row, and the markup the parser may
 * hold without producing anything (an unterminated comment or attribute), which stops the file.
 */
export function createHtmlParser(target: ParseTarget, maxRecordChars = defaultMaxRecordChars): Parser {
  const lines = createLineCounter();
  const tables: TableState[] = [];
  const usedNames = new Set<string>();
  let tableCount = 0;
  let ignoreDepth = 0;
  let text: string[] = [];
  let textChars = 0;
  let textLine = 0;
  let skippingText = false;
  let sinceEvent = 0;
  let aborted = false;
  const limit = maxRecordChars >= 1048576 ? `${Math.round(maxRecordChars / 1048576)} Mi characters` : `${maxRecordChars} characters`;

  const lineNow = () => lines.lineAt(html.startIndex);

  function flushText() {
    if (textChars > 0 && !skippingText) {
      const line = text.join('').replace(/\s+/g, ' ').trim();
      if (line) target.text(line, textLine);
    }
    text = [];
    textChars = 0;
    skippingText = false;
  }

  function addText(piece: string, line: number) {
    if (skippingText) return;
    if (textChars === 0) {
      if (!/\S/.test(piece)) return;
      textLine = line;
    }
    text.push(piece);
    textChars += piece.length;
    if (textChars > maxRecordChars) {
      target.error({ line: textLine, message: `text at line ${textLine} is longer than ${limit} without a line break; skipped` });
      text = [];
      skippingText = true;
    }
  }

  /** Free text: source line breaks end a record, so a `<pre>` dump or a text page reads line by line. */
  function freeText(data: string) {
    let line = lineNow();
    let from = 0;
    for (let nl = data.indexOf('\n'); nl !== -1; nl = data.indexOf('\n', from)) {
      addText(data.slice(from, nl), line);
      flushText();
      line++;
      from = nl + 1;
    }
    if (from < data.length) addText(from === 0 ? data : data.slice(from), line);
  }

  function tableName(t: TableState): string {
    const label = (t.id ?? t.caption ?? '').replace(/\s+/g, ' ').trim().slice(0, 64);
    let name = label || `table${t.number}`;
    for (let n = 2; usedNames.has(name); n++) name = `${label || `table${t.number}`}_${n}`;
    usedNames.add(name);
    return name;
  }

  function endCell(t: TableState) {
    if (!t.cell) return;
    if (t.row && !t.rowTooLong) t.row.push({ text: t.cell.join('').replace(/\s+/g, ' ').trim(), span: t.cellSpan, header: t.cellHeader });
    t.cell = null;
  }

  function startRow(t: TableState) {
    endRow(t);
    t.row = [];
    t.rowLine = lineNow();
    t.rowChars = 0;
    t.rowTooLong = false;
  }

  function ensureGrid(t: TableState): GridTable {
    if (t.grid) return t.grid;
    // Several header rows ("Contact" over "Email | Phone") are joined per column.
    const header = t.headerRows.length
      ? Array.from({ length: Math.max(...t.headerRows.map((r) => r.length)) }, (_, i) =>
          t.headerRows
            .map((r) => r[i] ?? '')
            .filter((v, k, all) => v && all.indexOf(v) === k)
            .join(' '),
        )
      : null;
    t.grid = createGridTable(tableName(t), target, header);
    // Rows read as key/value pairs before the shape broke are ordinary two-column rows after all.
    const kv = t.keyValue;
    t.keyValue = null;
    if (kv) for (let i = 0; i < kv.keys.length; i++) t.grid.row([kv.keys[i]!, kv.values[i]!], kv.line + i);
    return t.grid;
  }

  function endRow(t: TableState) {
    endCell(t);
    const row = t.row;
    t.row = null;
    if (row && t.rowTooLong) {
      target.error({ line: t.rowLine, message: `table row at line ${t.rowLine} is longer than ${limit}; skipped` });
      return;
    }
    if (!row || row.length === 0) return;
    const cells: string[] = [];
    for (const c of row) {
      cells.push(c.text);
      // A header cell spanning columns names each of them; a data cell fills the first and leaves the rest empty.
      for (let k = 1; k < c.span; k++) cells.push(c.header ? c.text : '');
    }
    const allHeader = row.every((c) => c.header);
    if (!t.grid && t.keyValue && t.headerRows.length === 0 && !t.inHead && row.length === 2 && row[0]!.header && !row[1]!.header) {
      const kv = t.keyValue;
      if (kv.keys.length === 0) kv.line = t.rowLine;
      kv.keys.push(row[0]!.text);
      kv.values.push(row[1]!.text);
      if (kv.keys.length < 500) return;
      ensureGrid(t);
      return;
    }
    if (!t.grid && (allHeader || t.inHead) && !t.keyValue?.keys.length) {
      t.headerRows.push(cells);
      t.keyValue = null;
      return;
    }
    if (t.grid && allHeader && t.headerRows.length > 0) return; // the header repeated further down (long reports)
    ensureGrid(t).row(cells, t.rowLine);
  }

  function endTable() {
    const t = tables.pop();
    if (!t) return;
    endRow(t);
    if (!t.grid && t.keyValue?.keys.length) {
      target.row(tableName(t), uniqueColumnNames(t.keyValue.keys), t.keyValue.values, t.keyValue.line);
      return;
    }
    if (!t.grid && t.headerRows.length > 0) {
      // A table of header cells only (some pages mark every cell <th>): its rows are data.
      const grid = createGridTable(tableName(t), target, null);
      for (const r of t.headerRows) grid.row(r, t.rowLine);
      grid.end();
      return;
    }
    t.grid?.end();
  }

  const html = new HtmlParser(
    {
      onopentag(name, attribs) {
        sinceEvent = 0;
        if (ignoredElements.has(name)) {
          ignoreDepth++;
          return;
        }
        const t = tables.at(-1);
        switch (name) {
          case 'table':
            flushText();
            if (t?.cell) t.cell.push(' ');
            tables.push({
              number: ++tableCount,
              id: attribs.id?.trim() || null,
              caption: null,
              captionText: null,
              grid: null,
              headerRows: [],
              inHead: false,
              row: null,
              rowLine: lineNow(),
              rowChars: 0,
              rowTooLong: false,
              cell: null,
              cellSpan: 1,
              cellHeader: false,
              keyValue: { keys: [], values: [], line: 0 },
            });
            return;
          case 'caption':
            if (t && !t.cell) t.captionText = [];
            return;
          case 'thead':
            if (t) t.inHead = true;
            return;
          case 'tbody':
          case 'tfoot':
            if (t) t.inHead = false;
            return;
          case 'tr':
            if (t) startRow(t);
            return;
          case 'td':
          case 'th':
            if (!t) return;
            if (!t.row) startRow(t);
            endCell(t);
            t.cell = [];
            t.cellHeader = name === 'th';
            t.cellSpan = Math.min(Math.max(Number.parseInt(attribs.colspan ?? '1', 10) || 1, 1), 100);
            return;
        }
        if (blockElements.has(name)) {
          if (t?.cell) t.cell.push(' ');
          else flushText();
        }
      },
      onclosetag(name) {
        sinceEvent = 0;
        if (ignoredElements.has(name)) {
          if (ignoreDepth > 0) ignoreDepth--;
          return;
        }
        const t = tables.at(-1);
        switch (name) {
          case 'table':
            endTable();
            return;
          case 'caption':
            if (t?.captionText) {
              t.caption = t.captionText.join('').replace(/\s+/g, ' ').trim() || null;
              t.captionText = null;
            }
            return;
          case 'thead':
            if (t) {
              endRow(t);
              t.inHead = false;
            }
            return;
          case 'tr':
            if (t) endRow(t);
            return;
          case 'td':
          case 'th':
            if (t) endCell(t);
            return;
        }
        if (blockElements.has(name)) {
          if (t?.cell) t.cell.push(' ');
          else flushText();
        }
      },
      ontext(data) {
        sinceEvent = 0;
        if (ignoreDepth > 0) return;
        const t = tables.at(-1);
        if (t?.cell) {
          if (t.rowTooLong) return;
          t.cell.push(data);
          t.rowChars += data.length;
          if (t.rowChars > maxRecordChars) {
            t.rowTooLong = true;
            t.cell = [];
          }
          return;
        }
        if (t?.captionText) {
          if (t.captionText.length < 64) t.captionText.push(data);
          return;
        }
        // Text between table tags that is not whitespace is shown before the table by browsers: free text.
        freeText(data);
      },
    },
    { decodeEntities: true },
  );

  return {
    get aborted() {
      return aborted;
    },
    push(chunk) {
      if (aborted) return;
      lines.add(chunk);
      sinceEvent += chunk.length;
      html.write(chunk);
      if (sinceEvent > maxRecordChars) {
        // The parser holds an unterminated comment, tag or attribute: it would keep all of it in memory.
        aborted = true;
        const line = lines.lineAt(html.startIndex);
        target.error({
          line,
          message: `markup starting near line ${line} runs for more than ${limit} without an end (unclosed comment or tag?); the rest of the file was not read`,
        });
        return;
      }
      lines.trim(maxRecordChars);
    },
    end() {
      if (aborted) return;
      html.end();
      while (tables.length) endTable();
      flushText();
    },
  };
}
