/**
 * Tables whose format does not say which row is the header: HTML tables without `<th>` and spreadsheet
 * sheets. The first rows are held back (at most `headerSampleRows`), the first one is taken as the
 * header when it reads like one (`isHeaderRow`, the same test as for CSV), and every row is then handed
 * on as a named table row. Header names are cleaned and made unique, because the table code maps equal
 * names to one column.
 */
import { isHeaderRow } from '../detect/column-classifier.js';
import type { ParseTarget } from '../types.js';

/** Rows looked at to decide whether the first row is a header. */
export const headerSampleRows = 50;

export interface GridTable {
  /** A row of cell texts (empty cells as ''), with the line or row number to report it by. */
  row(cells: string[], line: number): void;
  /** Flushes the held-back rows (a table shorter than the sample). */
  end(): void;
}

/** Header names as column names: whitespace collapsed, empty ones numbered, repeated ones suffixed `_2`, `_3`… */
export function uniqueColumnNames(header: readonly string[]): string[] {
  const used = new Set<string>();
  return header.map((raw, i) => {
    const base = raw.replace(/\s+/g, ' ').trim() || `column_${i + 1}`;
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}_${n}`;
    used.add(name);
    return name;
  });
}

const isBlank = (cells: readonly string[]) => cells.every((c) => c.length === 0);

/**
 * A table named `name` whose rows go to `target.row`. With `header` given (an HTML table's `<th>` row)
 * no detection is done; otherwise the first non-blank row is the header if `isHeaderRow` says so.
 */
export function createGridTable(name: string, target: ParseTarget, header: readonly string[] | null = null): GridTable {
  let columns: string[] | null = header ? uniqueColumnNames(header) : null;
  let held: Array<{ cells: string[]; line: number }> | null = header ? null : [];

  function decide() {
    const rows = held!;
    held = null;
    if (rows.length === 0) return;
    const first = rows[0]!.cells;
    let from = 0;
    if (
      isHeaderRow(
        first,
        rows.slice(1).map((r) => r.cells),
      )
    ) {
      columns = uniqueColumnNames(first);
      from = 1;
    }
    for (let i = from; i < rows.length; i++) target.row(name, columns, rows[i]!.cells, rows[i]!.line);
  }

  return {
    row(cells, line) {
      if (isBlank(cells)) return;
      if (held) {
        held.push({ cells, line });
        if (held.length >= headerSampleRows) decide();
        return;
      }
      target.row(name, columns, cells, line);
    },
    end() {
      if (held) decide();
    },
  };
}
