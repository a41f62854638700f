/**
 * One table of a structured source (a CSV file, one SQL table, the objects of a JSON file): buffers the
 * first records as a sample, decides whether a CSV's first row is a header, classifies every column,
 * then hands each record on with its columns' roles. JSON objects are flattened to paths
 * (`customer.address.zip`, `phones[]`), and a path first seen after the sample is classified by its name
 * and first value.
 */
import { classifyColumn, isHeaderRow, type Role, roleValidators } from '../detect/column-classifier.js';

/** A record as column indexes and values; `cols` null means dense (value i is column i). */
export type TableRecordHandler = (table: StructuredTable, cols: readonly number[] | null, values: readonly string[], line: number) => void;

/** A table's columns and their roles, as decided on the sample. */
export interface TableSchema {
  names: string[];
  roles: Role[];
  headerRow: boolean;
}

interface Pending {
  cols: number[] | null;
  values: string[];
  line: number;
}

/** Flattens a JSON value into parallel path and value lists. Array indexes are dropped so that columns are stable. */
export function flattenJson(value: unknown, prefix: string, paths: string[], values: string[]): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    for (const v of value) flattenJson(v, `${prefix}[]`, paths, values);
    return;
  }
  if (typeof value === 'object') {
    for (const key of Object.keys(value))
      flattenJson((value as Record<string, unknown>)[key], prefix ? `${prefix}.${key}` : key, paths, values);
    return;
  }
  paths.push(prefix);
  values.push(
    typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value),
  );
}

/** One JSON path of a table: its flattened name, its column once known, and the paths below it. */
interface PathNode {
  readonly path: string;
  col: number;
  children: Map<string, PathNode> | null;
  items: PathNode | null;
}

const newPathNode = (path: string): PathNode => ({ path, col: -1, children: null, items: null });

export class StructuredTable {
  readonly names: string[] = [];
  readonly roles: Role[] = [];
  readonly validators: Array<((v: string) => boolean) | null> = [];
  /** Column indexes whose role matters (everything but `none`), for the per-record loop. */
  active: number[] = [];
  private readonly byName = new Map<string, number>();
  private readonly pathRoot: PathNode = newPathNode('');
  private readonly scratchCols: number[] = [];
  private readonly scratchValues: string[] = [];
  private sample: Pending[] | null = [];
  private readonly overrides: ReadonlyMap<string, Role>;
  /** Whether the first row was taken as the header (CSV). */
  headerRow = false;
  private skipRows = 0;

  constructor(
    readonly name: string | null,
    private readonly opts: {
      sampleSize: number;
      /** Whether the first row may be a header (CSV): decided on the sample. */
      headerless: 'detect' | 'no-header' | 'known';
      onRecord: TableRecordHandler;
      /** Forced roles by column name (the user's corrections, `--id-column`). */
      overrides?: ReadonlyMap<string, Role>;
    },
  ) {
    this.overrides = opts.overrides ?? new Map();
  }

  get classified(): boolean {
    return this.sample === null;
  }

  /**
   * Columns whose values no record needs (role `none`), once the table is classified: a parser may hand
   * an empty string for them instead of cutting the value out (1 = not needed). Null before that.
   */
  unusedColumns(): Uint8Array | null {
    if (this.sample) return null;
    return Uint8Array.from(this.roles, (r) => (r === 'none' ? 1 : 0));
  }

  /** As `unusedColumns`, for values that come in the order of `names` (an SQL INSERT's column list). */
  unusedColumnsOf(names: readonly string[]): Uint8Array | null {
    if (this.sample) return null;
    return Uint8Array.from(names, (name) => {
      const c = this.byName.get(name);
      return c !== undefined && this.roles[c] === 'none' ? 1 : 0;
    });
  }

  /** The classification, to read other parts of the same file with `preset` (worker threads). */
  schema(): TableSchema {
    return { names: [...this.names], roles: [...this.roles], headerRow: this.headerRow };
  }

  /**
   * Takes a classification made on the start of the file instead of sampling: the table hands on every
   * record at once. `atStart` says this part begins with the file, so a header row is skipped.
   */
  preset(schema: TableSchema, atStart: boolean): void {
    this.sample = null;
    for (let i = 0; i < schema.names.length; i++) {
      const c = this.column(schema.names[i]!);
      const forced = this.overrides.get(schema.names[i]!);
      this.roles[c] = schema.roles[i]!;
      this.validators[c] = forced === 'customer_id' ? null : (roleValidators[schema.roles[i]!] ?? null);
    }
    this.refreshActive();
    this.headerRow = schema.headerRow;
    this.skipRows = atStart && schema.headerRow ? 1 : 0;
  }

  /** The last column list `addRow` was given and where its columns are in this table (null: in order). */
  private listSeen: readonly string[] | null = null;
  private listOrder: number[] | null = null;

  /**
   * A row of a table whose columns are named by the format (`columns`: an SQL INSERT's column list, in any
   * order) or not (CSV: header detected on the sample).
   */
  addRow(columns: readonly string[] | null, fields: string[], line: number): void {
    if (columns) {
      if (this.names.length === 0) for (const c of columns) this.column(c);
      else fields = this.inTableOrder(columns, fields);
    }
    if (this.sample) {
      this.sample.push({ cols: null, values: fields, line });
      if (this.sample.length >= this.opts.sampleSize) this.classify();
      return;
    }
    if (this.skipRows > 0) {
      this.skipRows--;
      return;
    }
    if (fields.length > this.names.length)
      for (let i = this.names.length; i < fields.length; i++) this.lateColumn(`column_${i + 1}`, fields[i]!);
    this.opts.onRecord(this, null, fields, line);
  }

  /** A JSON record. */
  addObject(value: unknown, line: number): void {
    if (Array.isArray(value)) {
      const paths: string[] = [];
      const values: string[] = [];
      value.forEach((v, i) => flattenJson(v, `column_${i + 1}`, paths, values));
      const cols: number[] = new Array<number>(paths.length);
      for (let i = 0; i < paths.length; i++) {
        let c = this.byName.get(paths[i]!);
        if (c === undefined) c = this.sample ? this.column(paths[i]!) : this.lateColumn(paths[i]!, values[i]!);
        cols[i] = c;
      }
      this.emitObject(cols, values, line);
      return;
    }
    // Objects: the path tree caches each path's string and column, so a record costs no string building
    // or name lookups once its shape has been seen. After the sample the arrays are reused per record.
    const sampling = this.sample !== null;
    const cols = sampling ? [] : this.scratchCols;
    const values = sampling ? [] : this.scratchValues;
    cols.length = 0;
    values.length = 0;
    this.flattenInto(value, this.pathRoot, cols, values);
    this.emitObject(cols, values, line);
  }

  private emitObject(cols: number[], values: string[], line: number) {
    if (this.sample) {
      this.sample.push({ cols, values, line });
      if (this.sample.length >= this.opts.sampleSize) this.classify();
      return;
    }
    this.opts.onRecord(this, cols, values, line);
  }

  /** `flattenJson` over the path tree: same paths, same order. */
  private flattenInto(value: unknown, node: PathNode, cols: number[], values: string[]): void {
    if (value === null || value === undefined) return;
    if (typeof value === 'object') {
      if (Array.isArray(value)) {
        const child = (node.items ??= newPathNode(`${node.path}[]`));
        for (let i = 0; i < value.length; i++) this.flattenInto(value[i], child, cols, values);
        return;
      }
      const children = (node.children ??= new Map<string, PathNode>());
      for (const key of Object.keys(value)) {
        let child = children.get(key);
        if (child === undefined) {
          child = newPathNode(node.path ? `${node.path}.${key}` : key);
          children.set(key, child);
        }
        this.flattenInto((value as Record<string, unknown>)[key], child, cols, values);
      }
      return;
    }
    const v =
      typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
    let c = node.col;
    if (c === -1) {
      const known = this.byName.get(node.path);
      c = known ?? (this.sample ? this.column(node.path) : this.lateColumn(node.path, v));
      node.col = c;
    }
    cols.push(c);
    values.push(v);
  }

  /** `fields` named by `columns`, moved to this table's column positions (two INSERTs may list columns in different orders). */
  private inTableOrder(columns: readonly string[], fields: string[]): string[] {
    if (columns !== this.listSeen) {
      const order = columns.map(
        (name, k) => this.byName.get(name) ?? (this.sample ? this.column(name) : this.lateColumn(name, fields[k] ?? '')),
      );
      this.listSeen = columns;
      this.listOrder = order.every((c, k) => c === k) ? null : order;
    }
    const order = this.listOrder;
    if (order === null) return fields;
    const out = new Array<string>(this.names.length).fill('');
    for (let k = 0; k < fields.length && k < order.length; k++) out[order[k]!] = fields[k]!;
    return out;
  }

  /** Classifies (if the file was shorter than the sample) and hands on the buffered records. */
  finish(): void {
    if (this.sample) this.classify();
  }

  private column(name: string): number {
    const existing = this.byName.get(name);
    if (existing !== undefined) return existing;
    const i = this.names.length;
    this.names.push(name);
    this.roles.push('none');
    this.validators.push(null);
    this.byName.set(name, i);
    return i;
  }

  private setRole(i: number, role: Role) {
    const forced = this.overrides.get(this.names[i]!);
    const r = forced ?? role;
    this.roles[i] = r;
    this.validators[i] = forced === 'customer_id' ? null : (roleValidators[r] ?? null);
  }

  private lateColumn(name: string, value: string): number {
    const i = this.column(name);
    this.setRole(i, classifyColumn(name, [value]));
    this.refreshActive();
    return i;
  }

  private refreshActive() {
    this.active = [];
    for (let i = 0; i < this.roles.length; i++) if (this.roles[i] !== 'none') this.active.push(i);
  }

  private classify(): void {
    const sample = this.sample!;
    this.sample = null;
    let rows = sample;
    if (this.opts.headerless !== 'known' && this.names.length === 0 && sample.length > 0) {
      const first = sample[0]!.values;
      const hasHeader =
        this.opts.headerless === 'detect' &&
        isHeaderRow(
          first,
          sample.slice(1, 50).map((r) => r.values),
        );
      if (hasHeader) {
        this.headerRow = true;
        const seen = new Map<string, number>();
        for (const raw of first) {
          const base = raw.trim() || `column_${this.names.length + 1}`;
          const n = (seen.get(base) ?? 0) + 1;
          seen.set(base, n);
          this.column(n > 1 ? `${base}_${n}` : base);
        }
        rows = sample.slice(1);
      }
    }
    const width = rows.reduce((w, r) => Math.max(w, r.cols ? 0 : r.values.length), 0);
    for (let i = this.names.length; i < width; i++) this.column(`column_${i + 1}`);
    const columnValues: string[][] = this.names.map(() => []);
    for (const r of rows) {
      if (r.cols) r.cols.forEach((c, k) => columnValues[c]!.push(r.values[k]!));
      else r.values.forEach((v, c) => columnValues[c]?.push(v));
    }
    for (let i = 0; i < this.names.length; i++) this.setRole(i, classifyColumn(this.names[i]!, columnValues[i]!));
    this.refreshActive();
    for (const r of rows) this.opts.onRecord(this, r.cols, r.values, r.line);
  }
}
