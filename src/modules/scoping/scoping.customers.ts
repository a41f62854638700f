/**
 * The customer master as the matcher sees it: a compact in-memory index from normalized email, phone
 * (E.164 and national number) and name + postal code to customer positions, plus the fields needed to
 * check a match for consistency (scoping.index.ts has the storage). Loaded from CSV/TSV/JSONL/JSON with any header names; columns are mapped by
 * the same classifier as leaks, the id column is auto-detected or named with `idColumn`.
 */
import { getCountryCallingCode, type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { type Role, roleDataType } from './scoping.classify.js';
import { scanFile } from './scoping.sources.js';
import { StructuredTable } from './scoping.table.js';
import {
  combine,
  GrowableColumn,
  Hash2,
  KeyTableBuilder,
  lookupKey,
  poolEquals,
  poolString,
  type StringPool,
  StringPoolBuilder,
} from './scoping.index.js';
import type { FileReport, ParseTarget } from './scoping.types.js';
import { digitsOf, isEmail, normalizeEmail, normalizeName, normalizePostalCode } from './scoping.validators.js';

/** The index's storage: typed arrays over SharedArrayBuffers, so a worker thread can use it without a copy. */
export interface CustomerIndexData {
  count: number;
  ids: StringPool;
  /** Normalized last names (for confirming a phone match token by token). */
  lastNames: StringPool;
  /** Per customer: bit 1 email, 2 name, 4 postal code, 8 phone in E.164. */
  flags: Uint8Array;
  /** Two 32-bit hashes per customer of the normalized email, name key (sorted tokens) and postal code. */
  emailHash: Int32Array;
  nameHash: Int32Array;
  postalHash: Int32Array;
  /** Second hash of the national number key (the first is in the table slot). */
  nationalCheck: Int32Array;
  /** E.164 phone as its digits (at most 15, exact in a double) and the digit count. */
  phoneDigits: Float64Array;
  phoneLength: Uint8Array;
  /** Country and region as positions in `codes` (0: none). */
  country: Uint16Array;
  region: Uint16Array;
  codes: string[];
  /** Key tables (see `KeyTableBuilder`). */
  byEmail: Int32Array;
  byE164: Int32Array;
  byNational: Int32Array;
  byNamePostal: Int32Array;
}

const HAS_EMAIL = 1;
const HAS_NAME = 2;
const HAS_POSTAL = 4;
const HAS_PHONE = 8;

/**
 * The customer master as the matcher sees it: customer positions under normalized email, phone (E.164 and
 * national number) and name + postal code, plus what a match is checked against. Keys are compared by
 * two independent 32-bit hashes (64 bits): with 10 million customers and 100 million lookups the chance
 * of a single false hit is about 5·10⁻⁵. Build it with `CustomerIndexBuilder`; send `data` to a worker
 * thread and wrap it there with `new CustomerIndex(data)`.
 */
export class CustomerIndex {
  readonly count: number;
  private readonly h = new Hash2();

  constructor(readonly data: CustomerIndexData) {
    this.count = data.count;
  }

  /** The customer id (as in the master) of position `i`. */
  idOf(i: number): string {
    return poolString(this.data.ids, i)!;
  }

  countryOf(i: number): string | null {
    const c = this.data.country[i]!;
    return c === 0 ? null : this.data.codes[c]!;
  }

  regionOf(i: number): string | null {
    const c = this.data.region[i]!;
    return c === 0 ? null : this.data.codes[c]!;
  }

  /** Normalized last name of `i`. */
  lastNameOf(i: number): string | null {
    return poolString(this.data.lastNames, i);
  }

  /** E.164 phone of `i`. */
  phoneOf(i: number): string | null {
    const n = this.data.phoneLength[i]!;
    return n === 0 ? null : `+${String(this.data.phoneDigits[i]!).padStart(n, '0')}`;
  }

  hasEmail = (i: number): boolean => (this.data.flags[i]! & HAS_EMAIL) !== 0;
  hasName = (i: number): boolean => (this.data.flags[i]! & HAS_NAME) !== 0;
  hasPostal = (i: number): boolean => (this.data.flags[i]! & HAS_POSTAL) !== 0;

  /** Whether `i` has this normalized email (false when `i` has none). */
  emailIs(i: number, email: string): boolean {
    return this.hasEmail(i) && same(this.data.emailHash, i, this.h.of(email));
  }

  /** Whether `i` has this name key. */
  nameIs(i: number, nameKey: string): boolean {
    return this.hasName(i) && same(this.data.nameHash, i, this.h.of(nameKey));
  }

  /** Whether `i` has this normalized postal code. */
  postalIs(i: number, postal: string): boolean {
    return this.hasPostal(i) && same(this.data.postalHash, i, this.h.of(postal));
  }

  /** Customers with this normalized email, into `out`; returns how many. */
  findEmail(email: string, out: number[]): number {
    const { h1, h2 } = this.h.of(email);
    const slots = this.data.byEmail;
    const hashes = this.data.emailHash;
    // Inlined `lookupKey`: this is the lookup every record makes.
    const mask = (slots.length >> 1) - 1;
    let p = h1 & mask;
    let n = 0;
    for (;;) {
      const v = slots[p * 2 + 1]!;
      if (v === 0) break;
      if (slots[p * 2] === h1 && hashes[(v - 1) * 2 + 1] === h2) out[n++] = v - 1;
      p = (p + 1) & mask;
    }
    out.length = n;
    if (n > 1) out.sort((a, b) => a - b);
    return n;
  }

  /** Customers with this E.164 number ("+" and digits). */
  findE164(e164: string, out: number[]): number {
    const { h1 } = this.h.of(e164);
    const digits = e164.length - 1;
    const value = Number(e164.slice(1));
    const d = this.data;
    return lookupKey(d.byE164, h1, (i) => d.phoneLength[i] === digits && d.phoneDigits[i] === value, out);
  }

  /** Customers with this national significant number. */
  findNational(national: string, out: number[]): number {
    const { h1, h2 } = this.h.of(national);
    const check = this.data.nationalCheck;
    return lookupKey(this.data.byNational, h1, (i) => check[i] === h2, out);
  }

  /** Customers with this name key and normalized postal code. */
  findNamePostal(nameKey: string, postal: string, out: number[]): number {
    const { h1: n1, h2: n2 } = this.h.of(nameKey);
    const { h1: p1, h2: p2 } = this.h.of(postal);
    const d = this.data;
    return lookupKey(
      d.byNamePostal,
      combine(n1, p1),
      (i) => d.nameHash[i * 2] === n1 && d.nameHash[i * 2 + 1] === n2 && d.postalHash[i * 2] === p1 && d.postalHash[i * 2 + 1] === p2,
      out,
    );
  }
}

const same = (hashes: Int32Array, i: number, h: Hash2) => hashes[i * 2] === h.h1 && hashes[i * 2 + 1] === h.h2;

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
  private n = 0;
  private readonly ids = new StringPoolBuilder();
  private readonly lastNames = new StringPoolBuilder();
  private readonly flags = new GrowableColumn(Uint8Array);
  private readonly emailHash = new GrowableColumn(Int32Array);
  private readonly nameHash = new GrowableColumn(Int32Array);
  private readonly postalHash = new GrowableColumn(Int32Array);
  private readonly nationalCheck = new GrowableColumn(Int32Array);
  private readonly phoneDigits = new GrowableColumn(Float64Array);
  private readonly phoneLength = new GrowableColumn(Uint8Array);
  private readonly country = new GrowableColumn(Uint16Array);
  private readonly region = new GrowableColumn(Uint16Array);
  private readonly codes: string[] = [''];
  private readonly codeOf = new Map<string, number>();
  private readonly byId = new KeyTableBuilder();
  private readonly byEmail = new KeyTableBuilder();
  private readonly byE164 = new KeyTableBuilder();
  private readonly byNational = new KeyTableBuilder();
  private readonly byNamePostal = new KeyTableBuilder();
  private readonly h = new Hash2();
  private readonly hits: number[] = [];

  get count(): number {
    return this.n;
  }

  private code(value: string | null): number {
    if (!value) return 0;
    let c = this.codeOf.get(value);
    if (c === undefined) {
      if (this.codes.length >= 65535) return 0;
      c = this.codes.length;
      this.codes.push(value);
      this.codeOf.set(value, c);
    }
    return c;
  }

  /** Whether the id was added before (hash in the id table, confirmed on the stored id). */
  private seenId(h: number, id: string): boolean {
    const slots = this.byId.freeze();
    const mask = (slots.length >> 1) - 1;
    let ids: StringPool | null = null;
    for (let p = h & mask; ; p = (p + 1) & mask) {
      const v = slots[p * 2 + 1]!;
      if (v === 0) return false;
      if (slots[p * 2] === h && poolEquals((ids ??= this.ids.current()), v - 1, id)) return true;
    }
  }

  add(row: CustomerRow): boolean {
    if (!row.id) return false;
    const { h1: idHash } = this.h.of(row.id);
    if (this.seenId(idHash, row.id)) return false;
    const i = this.n;
    this.byId.add(idHash, i);
    this.ids.push(row.id);
    const email = row.email && isEmail(row.email.trim()) ? normalizeEmail(row.email) : null;
    const country = row.country ? row.country.trim().toUpperCase() || null : null;
    const postal = row.postal_code ? normalizePostalCode(row.postal_code) || null : null;
    let flags = 0;
    const emailHash = this.emailHash.ensure((i + 1) * 2);
    const nameHash = this.nameHash.ensure((i + 1) * 2);
    const postalHash = this.postalHash.ensure((i + 1) * 2);
    if (email) {
      flags |= HAS_EMAIL;
      this.h.of(email);
      emailHash[i * 2] = this.h.h1;
      emailHash[i * 2 + 1] = this.h.h2;
      this.byEmail.add(this.h.h1, i);
    }
    if (postal) {
      flags |= HAS_POSTAL;
      this.h.of(postal);
      postalHash[i * 2] = this.h.h1;
      postalHash[i * 2 + 1] = this.h.h2;
    }
    this.country.ensure(i + 1)[i] = this.code(country);
    this.region.ensure(i + 1)[i] = this.code(row.region ? row.region.trim().toUpperCase() || null : null);
    const keys = row.phone ? phoneKeys(row.phone, country) : null;
    const phoneLength = this.phoneLength.ensure(i + 1);
    const phoneDigits = this.phoneDigits.ensure(i + 1);
    const nationalCheck = this.nationalCheck.ensure(i + 1);
    if (keys?.e164) {
      flags |= HAS_PHONE;
      phoneLength[i] = keys.e164.length - 1;
      phoneDigits[i] = Number(keys.e164.slice(1));
      this.byE164.add(this.h.of(keys.e164).h1, i);
    }
    if (keys?.national) {
      this.h.of(keys.national);
      nationalCheck[i] = this.h.h2;
      this.byNational.add(this.h.h1, i);
    }
    const nameKey = personNameKey(row.full_name, row.first_name, row.last_name);
    if (nameKey) {
      flags |= HAS_NAME;
      this.h.of(nameKey);
      nameHash[i * 2] = this.h.h1;
      nameHash[i * 2 + 1] = this.h.h2;
      if (postal) this.byNamePostal.add(combine(this.h.h1, postalHash[i * 2]!), i);
    }
    const lastRaw = row.last_name ?? (row.full_name ? lastToken(row.full_name) : null);
    this.lastNames.push(lastRaw ? normalizeName(lastRaw) : null);
    this.flags.ensure(i + 1)[i] = flags;
    this.n++;
    return true;
  }

  build(): CustomerIndex {
    const n = this.n;
    return new CustomerIndex({
      count: n,
      ids: this.ids.freeze(),
      lastNames: this.lastNames.freeze(),
      flags: this.flags.freeze(n),
      emailHash: this.emailHash.freeze(n * 2),
      nameHash: this.nameHash.freeze(n * 2),
      postalHash: this.postalHash.freeze(n * 2),
      nationalCheck: this.nationalCheck.freeze(n),
      phoneDigits: this.phoneDigits.freeze(n),
      phoneLength: this.phoneLength.freeze(n),
      country: this.country.freeze(n),
      region: this.region.freeze(n),
      codes: [...this.codes],
      byEmail: this.byEmail.freeze(),
      byE164: this.byE164.freeze(),
      byNational: this.byNational.freeze(),
      byNamePostal: this.byNamePostal.freeze(),
    });
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
