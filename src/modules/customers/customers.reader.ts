/**
 * Reads a customer master file (CSV, TSV, JSON Lines or JSON; any header names) with the scoping
 * readers: `scanFile` decodes and parses, `StructuredTable` classifies the columns on a sample. The
 * columns are mapped to the customer fields automatically from those roles, or as the user says
 * (`--map field=column`, `--id-column`), and each record becomes a prepared row: the contact fields as
 * found, the plaintext blind-index keys and the jurisdiction. Nothing here touches the database or the
 * cipher, so this runs in a worker thread next to the writer (see customers.import.ts).
 */
import {
  headerRole,
  type Role,
  customerFileTarget,
  MASTER_SAMPLE,
  scanFile,
  StructuredTable,
  type FileError,
  type FileReport,
  type ParseTarget,
} from '../../scan/index.js';
import { contactFields, type CustomerField, customerIndexKeys, type StoredContact } from './customers.contact.js';
import { deriveJurisdiction } from './customers.jurisdiction.js';

/** How a column was mapped, for the preview. */
export type MappingReason = 'override' | 'id-column' | 'header' | 'content' | 'unused';

export interface ColumnMapping {
  column: string;
  field: CustomerField | null;
  /** The classifier's role for the column (what scoping would read it as). */
  role: Role;
  how: MappingReason;
  note?: string;
}

export interface FileMapping {
  format: string;
  encoding: string | null;
  columns: ColumnMapping[];
  /** field → column, null when no column holds it. */
  fields: Record<CustomerField, string | null>;
}

/** One record, ready for the writer: raw contact values, plaintext index keys, jurisdiction. */
export interface PreparedRow {
  line: number;
  /** The shop's customer id; null when the record has none. */
  ref: string | null;
  contact: StoredContact;
  keys: { email: string | null; phone: string | null; name: string | null };
  country: string | null;
  region: string | null;
  jurisdiction: string;
}

export interface ReadOptions {
  idColumn?: string;
  /** field → column name (case-insensitive) chosen by the user. */
  map?: Partial<Record<CustomerField, string>>;
  /** `validate` only parses and maps (to find a malformed file before anything is written); `rows` also prepares every record. */
  mode: 'validate' | 'rows';
  batchSize: number;
}

export interface ReadSummary {
  records: number;
  errors: FileError[];
  format: string;
}

export interface ReaderSink {
  mapping(m: FileMapping): void;
  rows(batch: PreparedRow[]): void;
}

/** The file cannot be mapped as asked (unknown column, no id column): a usage error, named. */
export class CustomerMappingError extends Error {
  override name = 'CustomerMappingError';
}

const MAX_RECORD_CHARS = 1 << 20;

const roleFields: ReadonlySet<string> = new Set(contactFields);

/** Chooses a column per field: the user's choice first, then the classifier's roles (the id as loadCustomerMaster finds it). */
export function mapColumns(
  names: readonly string[],
  roles: readonly Role[],
  opts: Pick<ReadOptions, 'idColumn' | 'map'>,
): { columns: ColumnMapping[]; fields: Record<CustomerField, string | null>; colOf: Int32Array } {
  const find = (wanted: string) => {
    let i = names.indexOf(wanted);
    if (i === -1) i = names.findIndex((n) => n.toLowerCase() === wanted.trim().toLowerCase());
    return i;
  };
  const list = () => names.join(', ');
  const colOf = new Int32Array(contactFields.length + 1).fill(-1); // index 0: id, then contactFields
  const fieldIndex = (f: CustomerField) => (f === 'id' ? 0 : contactFields.indexOf(f) + 1);
  const how = new Map<number, { field: CustomerField; how: MappingReason }>();

  const forced: Array<[CustomerField, string, MappingReason]> = Object.entries(opts.map ?? {}).map(([f, c]) => [
    f as CustomerField,
    c,
    'override',
  ]);
  if (opts.idColumn) forced.push(['id', opts.idColumn, 'id-column']);
  for (const [field, column, reason] of forced) {
    const i = find(column);
    if (i === -1) throw new CustomerMappingError(`the file has no column named "${column}" (for ${field}); columns: ${list()}`);
    if (how.has(i) && how.get(i)!.field !== field)
      throw new CustomerMappingError(`column "${names[i]}" is mapped to both ${how.get(i)!.field} and ${field}`);
    colOf[fieldIndex(field)] = i;
    how.set(i, { field, how: reason });
  }
  if (colOf[0] === -1) {
    const i = roles.findIndex((r, c) => r === 'customer_id' && !how.has(c));
    if (i === -1) throw new CustomerMappingError(`cannot tell which column holds the customer id; pass --id-column (columns: ${list()})`);
    colOf[0] = i;
    how.set(i, { field: 'id', how: 'header' });
  }
  for (const field of contactFields) {
    const fi = fieldIndex(field);
    if (colOf[fi] !== -1) continue;
    const i = roles.findIndex((r, c) => r === field && !how.has(c));
    if (i === -1) continue;
    colOf[fi] = i;
    how.set(i, { field, how: headerRole(names[i]!) === field ? 'header' : 'content' });
  }
  const fields = Object.fromEntries([
    ['id', names[colOf[0]!]!],
    ...contactFields.map((f) => [f, colOf[fieldIndex(f)] === -1 ? null : names[colOf[fieldIndex(f)]!]!]),
  ]) as Record<CustomerField, string | null>;
  const columns = names.map((column, i): ColumnMapping => {
    const m = how.get(i);
    if (m) return { column, field: m.field, role: roles[i]!, how: m.how };
    const role = roles[i]!;
    const note =
      role === 'none'
        ? undefined
        : roleFields.has(role) || role === 'customer_id'
          ? `another column is mapped to ${role === 'customer_id' ? 'id' : role}`
          : `holds ${role}, not a customer master field`;
    return { column, field: null, role, how: 'unused', ...(note ? { note } : {}) };
  });
  return { columns, fields, colOf };
}

/** Reads the file, hands the mapping (once) and batches of prepared rows to `sink`; throws CustomerMappingError. */
export async function readCustomerFile(file: string, display: string, opts: ReadOptions, sink: ReaderSink): Promise<ReadSummary> {
  let report: FileReport | null = null;
  let problem: CustomerMappingError | null = null;
  let colOf: Int32Array | null = null;
  /** Per column: 0 none, 1 id, 2+k contactFields[k]. */
  let fieldOfCol: Int8Array | null = null;
  let batch: PreparedRow[] = [];
  let records = 0;
  let format = 'unknown';
  let encoding: string | null = null;
  const prepare = opts.mode === 'rows';
  const nFields = contactFields.length;
  const vals: Array<string | null> = new Array<string | null>(nFields + 1);

  const onRecord = (table: StructuredTable, cols: readonly number[] | null, values: readonly string[], line: number) => {
    if (problem) throw problem;
    if (!colOf) {
      try {
        const mapped = mapColumns(table.names, table.roles, opts);
        colOf = mapped.colOf;
        sink.mapping({ format, encoding, columns: mapped.columns, fields: mapped.fields });
      } catch (err) {
        if (err instanceof CustomerMappingError) problem = err;
        throw err;
      }
    }
    records++;
    if (!prepare) return;
    if (cols) {
      // Sparse record (JSON): columns may be missing or come in any order; the first non-empty value wins.
      if (!fieldOfCol || fieldOfCol.length < table.names.length) {
        fieldOfCol = new Int8Array(table.names.length);
        for (let f = 0; f <= nFields; f++) if (colOf[f]! >= 0) fieldOfCol[colOf[f]!] = f + 1;
      }
      vals.fill(null);
      for (let k = 0; k < cols.length; k++) {
        const f = fieldOfCol[cols[k]!]!;
        if (f && vals[f - 1] === null) {
          const v = values[k]!.trim();
          if (v) vals[f - 1] = v;
        }
      }
    } else {
      for (let f = 0; f <= nFields; f++) {
        const c = colOf[f]!;
        const v = c >= 0 ? values[c]?.trim() : undefined;
        vals[f] = v ? v : null;
      }
    }
    const contact: StoredContact = {};
    for (let k = 0; k < nFields; k++) if (vals[k + 1] !== null) contact[contactFields[k]!] = vals[k + 1];
    const j = deriveJurisdiction(contact.country, contact.region);
    batch.push({
      line,
      ref: vals[0] ?? null,
      contact,
      keys: customerIndexKeys({ ...contact, country: j.country }),
      country: j.country,
      region: j.region,
      jurisdiction: j.jurisdiction,
    });
    if (batch.length >= opts.batchSize) {
      sink.rows(batch);
      batch = [];
    }
  };

  const tables: StructuredTable[] = [];
  const reports: FileReport[] = [];
  await scanFile(
    file,
    display,
    {
      begin(r, f): ParseTarget {
        report = r;
        if (tables.length) {
          r.errors.push({ message: `a zip archive must hold exactly one customer file; ${r.file} is a second one` });
          return { row: () => {}, object: () => {}, text: () => {}, error: (e) => r.errors.push(e) };
        }
        format = f;
        encoding = r.encoding ?? null;
        const table = new StructuredTable(r.file, { sampleSize: MASTER_SAMPLE, headerless: 'detect', onRecord });
        tables.push(table);
        return customerFileTarget(r, f, table);
      },
      end(r) {
        report = r;
        reports.push(r);
        if (!problem && r.file === tables[0]?.name) for (const t of tables) t.finish();
      },
    },
    // A customer row is short: a record over 1 MiB is an unbalanced quote swallowing the file, reported with its line.
    { maxRecordChars: MAX_RECORD_CHARS },
  );
  if (problem) throw problem as CustomerMappingError;
  const final = report as FileReport | null;
  if (!final) throw new CustomerMappingError(`cannot read the customer file ${display}`);
  const errors = reports.flatMap((r) => r.errors.map((e) => (r.file === display ? e : { ...e, message: `${r.file}: ${e.message}` })));
  if (!colOf && errors.length === 0) throw new CustomerMappingError(`the customer file ${display} holds no records`);
  if (batch.length) sink.rows(batch);
  return { records, errors, format };
}
