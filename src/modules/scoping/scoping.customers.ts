/**
 * The customer master as the matcher sees it: an in-memory index from normalized email, phone (E.164
 * and national number) and name + postal code to customer positions, plus the fields needed to check a
 * match for consistency. Loaded from CSV/TSV/JSONL/JSON with any header names; columns are mapped by
 * the same classifier as leaks, the id column is auto-detected or named with `idColumn`.
 */
import { getCountryCallingCode, type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { type Role, roleDataType } from './scoping.classify.js';
import { scanFile } from './scoping.sources.js';
import { StructuredTable } from './scoping.table.js';
import type { FileReport, ParseTarget } from './scoping.types.js';
import { digitsOf, isEmail, normalizeEmail, normalizeName, normalizePostalCode } from './scoping.validators.js';

/** Positions of customers under one key: a number for the usual single hit, an array when people share it. */
type Bucket = number | number[];

export interface CustomerIndex {
  readonly count: number;
  readonly ids: string[];
  readonly emails: Array<string | null>;
  readonly phones: Array<string | null>;
  /** Normalized full name (sorted tokens) and normalized last name, for confirmation and consistency checks. */
  readonly names: Array<string | null>;
  readonly lastNames: Array<string | null>;
  readonly postalCodes: Array<string | null>;
  readonly countries: Array<string | null>;
  readonly regions: Array<string | null>;
  readonly byEmail: Map<string, Bucket>;
  readonly byPhone: Map<string, Bucket>;
  readonly byNamePostal: Map<string, Bucket>;
}

export function bucketValues(b: Bucket | undefined): readonly number[] {
  return b === undefined ? [] : typeof b === 'number' ? [b] : b;
}

function addTo(map: Map<string, Bucket>, key: string, i: number) {
  const b = map.get(key);
  if (b === undefined) map.set(key, i);
  else if (typeof b === 'number') {
    if (b !== i) map.set(key, [b, i]);
  } else if (!b.includes(i)) b.push(i);
}

/** Keys under which a phone is indexed: its E.164 form and its national significant number (for leaks without country code). */
export function phoneKeys(raw: string, country: string | null): { e164: string | null; national: string | null } {
  const v = raw.trim();
  const cc = country && /^[A-Z]{2}$/.test(country) ? (country as CountryCode) : undefined;
  if (v.startsWith('+') || v.startsWith('00')) {
    const digits = digitsOf(v.startsWith('00') ? v.slice(2) : v);
    if (digits.length < 8 || digits.length > 15) return { e164: null, national: null };
    // With a known country, the calling code is a prefix we can strip without parsing (fast path for big masters).
    if (cc) {
      try {
        const code = getCountryCallingCode(cc);
        if (digits.startsWith(code)) return { e164: `+${digits}`, national: digits.slice(code.length) };
      } catch {
        /* unknown country code: parse below */
      }
    }
    const parsed = parsePhoneNumberFromString(`+${digits}`);
    return { e164: `+${digits}`, national: parsed?.nationalNumber ?? null };
  }
  if (cc) {
    const parsed = parsePhoneNumberFromString(v, cc);
    if (parsed?.isPossible()) return { e164: parsed.number, national: parsed.nationalNumber };
  }
  const digits = digitsOf(v).replace(/^0+/, '');
  return { e164: null, national: digits.length >= 6 ? digits : null };
}

/** Normalized name key of a person from a full name or first + last. */
export function personNameKey(full: string | null, first: string | null, last: string | null): string | null {
  const raw = full ?? (first || last ? `${first ?? ''} ${last ?? ''}` : null);
  if (!raw) return null;
  const key = normalizeName(raw);
  return key.includes(' ') ? key : null; // a lone first or last name does not identify anyone
}

export interface CustomerMaster {
  index: CustomerIndex;
  report: FileReport;
  idColumn: string;
  /** Rows skipped: no id, or an id seen before (the first row wins). */
  skipped: number;
}

/** Raised when the master cannot be used (no id column, unreadable): the message says what to do. */
export class CustomerMasterError extends Error {
  override name = 'CustomerMasterError';
}

/** One customer as the index needs it: raw values as found (the builder normalizes them). */
export interface CustomerRow {
  id: string;
  email: string | null;
  phone: string | null;
  first_name: string | null;
  last_name: string | null;
  full_name: string | null;
  postal_code: string | null;
  country: string | null;
  region: string | null;
}

/**
 * Builds the match index one customer at a time, from a master file or from the customers stored in the
 * database. The first row of an id wins; `add` returns false for a repeated id.
 */
export class CustomerIndexBuilder {
  private readonly ids: string[] = [];
  private readonly emails: Array<string | null> = [];
  private readonly phones: Array<string | null> = [];
  private readonly names: Array<string | null> = [];
  private readonly lastNames: Array<string | null> = [];
  private readonly postalCodes: Array<string | null> = [];
  private readonly countries: Array<string | null> = [];
  private readonly regions: Array<string | null> = [];
  private readonly byEmail = new Map<string, Bucket>();
  private readonly byPhone = new Map<string, Bucket>();
  private readonly byNamePostal = new Map<string, Bucket>();
  private readonly seen = new Set<string>();

  get count(): number {
    return this.ids.length;
  }

  add(row: CustomerRow): boolean {
    if (!row.id || this.seen.has(row.id)) return false;
    this.seen.add(row.id);
    const i = this.ids.length;
    const email = row.email && isEmail(row.email.trim()) ? normalizeEmail(row.email) : null;
    const country = row.country ? row.country.trim().toUpperCase() || null : null;
    const postal = row.postal_code ? normalizePostalCode(row.postal_code) || null : null;
    this.ids.push(row.id);
    this.emails.push(email);
    this.countries.push(country);
    this.regions.push(row.region ? row.region.trim().toUpperCase() || null : null);
    this.postalCodes.push(postal);
    if (email) addTo(this.byEmail, email, i);
    const keys = row.phone ? phoneKeys(row.phone, country) : null;
    this.phones.push(keys?.e164 ?? null);
    if (keys?.e164) addTo(this.byPhone, keys.e164, i);
    if (keys?.national) addTo(this.byPhone, `n:${keys.national}`, i);
    const nameKey = personNameKey(row.full_name, row.first_name, row.last_name);
    this.names.push(nameKey);
    const lastRaw = row.last_name ?? (row.full_name ? lastToken(row.full_name) : null);
    this.lastNames.push(lastRaw ? normalizeName(lastRaw) : null);
    if (nameKey && postal) addTo(this.byNamePostal, `${nameKey}|${postal}`, i);
    return true;
  }

  build(): CustomerIndex {
    const { ids, emails, phones, names, lastNames, postalCodes, countries, regions, byEmail, byPhone, byNamePostal } = this;
    return { count: ids.length, ids, emails, phones, names, lastNames, postalCodes, countries, regions, byEmail, byPhone, byNamePostal };
  }
}

/** Builds the index from any source of customer rows (a file reader, the database). */
export async function buildCustomerIndex(rows: Iterable<CustomerRow> | AsyncIterable<CustomerRow>): Promise<CustomerIndex> {
  const builder = new CustomerIndexBuilder();
  for await (const row of rows) builder.add(row);
  return builder.build();
}

/** Loads the customer master from a CSV/TSV/JSONL/JSON file and builds the match index. */
export async function loadCustomerMaster(file: string, opts: { idColumn?: string; display?: string } = {}): Promise<CustomerMaster> {
  const builder = new CustomerIndexBuilder();
  let skipped = 0;
  let report: FileReport | null = null;
  let idColumn: string | null = null;
  let problem: string | null = null;
  const overrides = new Map<string, Role>();

  const onRecord = (table: StructuredTable, cols: readonly number[] | null, values: readonly string[]) => {
    if (problem) return;
    if (idColumn === null) {
      const wanted = opts.idColumn;
      const idx =
        wanted === undefined
          ? table.roles.indexOf('customer_id')
          : table.names.findIndex((n) => n === wanted || n.toLowerCase() === wanted.toLowerCase());
      if (idx === -1) {
        problem = wanted
          ? `the customer file has no column named ${wanted}; columns: ${table.names.join(', ')}`
          : `cannot tell which column holds the customer id; pass --id-column (columns: ${table.names.join(', ')})`;
        return;
      }
      idColumn = table.names[idx]!;
      table.roles[idx] = 'customer_id';
      table.validators[idx] = null;
      // Only one id column: other id-like columns (user_id next to customer_id) are ignored.
      for (let i = 0; i < table.roles.length; i++) if (i !== idx && table.roles[i] === 'customer_id') table.roles[i] = 'none';
    }
    const row: CustomerRow = {
      id: '',
      email: null,
      phone: null,
      first_name: null,
      last_name: null,
      full_name: null,
      postal_code: null,
      country: null,
      region: null,
    };
    const n = cols ? cols.length : values.length;
    for (let k = 0; k < n; k++) {
      const c = cols ? cols[k]! : k;
      const v = values[k]!.trim();
      if (!v) continue;
      switch (table.roles[c]) {
        case 'customer_id':
          if (table.names[c] === idColumn && !row.id) row.id = v;
          break;
        case 'email':
          if (isEmail(v)) row.email ??= v;
          break;
        case 'phone':
          row.phone ??= v;
          break;
        case 'first_name':
          row.first_name ??= v;
          break;
        case 'last_name':
          row.last_name ??= v;
          break;
        case 'full_name':
          row.full_name ??= v;
          break;
        case 'postal_code':
          row.postal_code ??= v;
          break;
        case 'country':
          row.country ??= v;
          break;
        case 'region':
          row.region ??= v;
          break;
        default:
      }
    }
    report!.records++;
    if (!builder.add(row)) skipped++;
  };

  const tables: StructuredTable[] = [];
  await scanFile(
    file,
    opts.display ?? file,
    {
      begin(r, format): ParseTarget {
        report = r;
        if (format !== 'csv' && format !== 'tsv' && format !== 'json' && format !== 'jsonl')
          r.errors.push({ message: `a customer file must be CSV, TSV, JSON or JSON Lines, not ${format}` });
        if (opts.idColumn) overrides.set(opts.idColumn, 'customer_id');
        const table = new StructuredTable(null, { sampleSize: 2000, headerless: 'detect', onRecord, overrides });
        tables.push(table);
        return {
          row: (_t, _c, fields, line) => table.addRow(null, fields, line),
          object: (value, line) => table.addObject(value, line),
          text: () => {},
          error: (e) => r.errors.push(e),
        };
      },
      end(r) {
        report = r;
        for (const t of tables) t.finish();
      },
    },
    { format: undefined },
  );
  const finalReport = report as FileReport | null;
  if (!finalReport) throw new CustomerMasterError(`cannot read the customer file ${opts.display ?? file}`);
  if (problem) throw new CustomerMasterError(problem);
  if (finalReport.errors.length && builder.count === 0)
    throw new CustomerMasterError(
      `cannot read the customer file ${finalReport.file}: ${finalReport.errors.map((e) => e.message).join('; ')}`,
    );
  const table = tables[0];
  if (table) finalReport.columns = table.names.map((name, i) => ({ name, data_type: roleDataType[table.roles[i]!] }));
  return {
    index: builder.build(),
    report: finalReport,
    idColumn: idColumn ?? opts.idColumn ?? '',
    skipped,
  };
}

/** Last word of a full name ("Doe" of "John Doe"), or the part before a comma ("Doe, John"). */
export function lastToken(full: string): string {
  const comma = full.indexOf(',');
  if (comma > 0) return full.slice(0, comma);
  const parts = full.trim().split(/\s+/);
  return parts[parts.length - 1] ?? full;
}
