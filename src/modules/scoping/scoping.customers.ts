/**
 * The customer master as the matcher sees it: a compact in-memory index from normalized email, phone
 * (E.164 and national number) and name + postal code to customer positions, plus the fields needed to
 * check a match for consistency (scoping.index.ts has the storage). Loaded from CSV/TSV/JSONL/JSON with any header names; columns are mapped by
 * the same classifier as leaks, the id column is auto-detected or named with `idColumn`.
 */
import { type Role, roleDataType } from './scoping.classify.js';
import {
  type ChunkPool,
  type CustomerChunk,
  CustomerChunkEncoder,
  type CustomerRow,
  HAS_EMAIL,
  HAS_NAME,
  HAS_NATIONAL,
  HAS_PHONE,
  HAS_POSTAL,
} from './scoping.encoder.js';
import { scanFile } from './scoping.sources.js';
import { StructuredTable } from './scoping.table.js';
import {
  buildKeyTable,
  combine,
  fmix,
  GrowableColumn,
  Hash2,
  type KeyTable,
  KeyTableBuilder,
  lookupKey,
  poolBytesEqual,
  poolString,
  type StringPool,
  StringPoolBuilder,
} from './scoping.index.js';
import type { FileReport, ParseTarget } from './scoping.types.js';
import { isEmail } from './scoping.validators.js';

export { type CustomerRow, lastToken, personNameKey, phoneKeys } from './scoping.encoder.js';

/** The index's storage: typed arrays over SharedArrayBuffers, so a worker thread can use it without a copy. */
export interface CustomerIndexData {
  count: number;
  ids: StringPool;
  /** Normalized last names (for confirming a phone match token by token). */
  lastNames: StringPool;
  /** Per customer: bit 1 email, 2 name, 4 postal code, 8 phone in E.164, 16 national phone number. */
  flags: Uint8Array;
  /** Two 32-bit hashes per customer of the normalized email, name key (sorted tokens) and postal code. */
  emailHash: Int32Array;
  nameHash: Int32Array;
  postalHash: Int32Array;
  /** The two hashes of the national number key (first one in `nationalHash`, second in `nationalCheck`). */
  nationalHash: Int32Array;
  nationalCheck: Int32Array;
  /** E.164 phone as its digits (at most 15, exact in a double) and the digit count. */
  phoneDigits: Float64Array;
  phoneLength: Uint8Array;
  /** Country and region as positions in `codes` (0: none). */
  country: Uint16Array;
  region: Uint16Array;
  codes: string[];
  /** Key tables (see `KeyTable`), built once every customer is added. */
  byEmail: KeyTable;
  byE164: KeyTable;
  byNational: KeyTable;
  byNamePostal: KeyTable;
}

/** Key of an E.164 number in `byE164`: a hash of its digits as a number and their count (leading zeros). */
function e164Key(digits: number, length: number): number {
  const low = digits >>> 0;
  const high = Math.floor(digits / 4294967296);
  return combine(fmix(low), high ^ (length << 24));
}

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
    const { slots, groups } = this.data.byEmail;
    const hashes = this.data.emailHash;
    // Inlined `lookupKey` without a closure: this is the lookup every record makes.
    const capacity = slots.length >> 1;
    let p = Math.floor(((h1 >>> 0) * capacity) / 4294967296);
    let n = 0;
    for (;;) {
      const v = slots[p * 2 + 1]!;
      if (v === 0) break;
      if (slots[p * 2] === h1) {
        if (v > 0) {
          if (hashes[(v - 1) * 2 + 1] === h2) out[n++] = v - 1;
        } else {
          const start = -v - 2;
          const end = start + groups[start]!;
          for (let k = start + 1; k <= end; k++) if (hashes[groups[k]! * 2 + 1] === h2) out[n++] = groups[k]!;
        }
        break;
      }
      if (++p === capacity) p = 0;
    }
    out.length = n;
    return n;
  }

  /** Customers with this E.164 number ("+" and digits). */
  findE164(e164: string, out: number[]): number {
    const digits = e164.length - 1;
    const value = Number(e164.slice(1));
    const d = this.data;
    return lookupKey(d.byE164, e164Key(value, digits), (i) => d.phoneLength[i] === digits && d.phoneDigits[i] === value, out);
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

/**
 * Builds the match index from customer rows (a master file, the customers stored in the database) or
 * from chunks encoded elsewhere (worker threads). Rows are kept in the order added; the first row of an
 * id wins, later ones are counted in `skipped` with the rows that have no id.
 */
export class CustomerIndexBuilder {
  private n = 0;
  /** Rows not added: no id, or an id added before. */
  skipped = 0;
  private readonly encoder = new CustomerChunkEncoder();
  private readonly ids = new StringPoolBuilder();
  private readonly lastNames = new StringPoolBuilder();
  private readonly flags = new GrowableColumn(Uint8Array);
  private readonly emailHash = new GrowableColumn(Int32Array);
  private readonly nameHash = new GrowableColumn(Int32Array);
  private readonly postalHash = new GrowableColumn(Int32Array);
  private readonly nationalHash = new GrowableColumn(Int32Array);
  private readonly nationalCheck = new GrowableColumn(Int32Array);
  private readonly phoneDigits = new GrowableColumn(Float64Array);
  private readonly phoneLength = new GrowableColumn(Uint8Array);
  private readonly country = new GrowableColumn(Uint16Array);
  private readonly region = new GrowableColumn(Uint16Array);
  private readonly codes: string[] = [''];
  private readonly codeOf = new Map<string, number>();
  private readonly byId = new KeyTableBuilder();

  /** Customers added so far (rows still in the encoder included). */
  get count(): number {
    return this.n + this.encoder.count;
  }

  private code(value: string): number {
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

  /** Whether the id (string `k` of the chunk pool) was added before: hash in the id table, confirmed on the stored bytes. */
  private seenId(h: number, pool: ChunkPool, k: number): boolean {
    const slots = this.byId.freeze();
    const mask = (slots.length >> 1) - 1;
    let ids: StringPool | null = null;
    for (let p = h & mask; ; p = (p + 1) & mask) {
      const v = slots[p * 2 + 1]!;
      if (v === 0) return false;
      if (slots[p * 2] === h && poolBytesEqual((ids ??= this.ids.current()), v - 1, pool, k)) return true;
    }
  }

  /** Adds one row (encoded in batches); a row without id is skipped. */
  add(row: CustomerRow): void {
    if (!row.id) {
      this.skipped++;
      return;
    }
    this.encoder.add(row);
    if (this.encoder.full) this.addChunk(this.encoder.take());
  }

  /** Appends an encoded chunk, skipping ids added before. */
  addChunk(chunk: CustomerChunk): void {
    if (this.encoder.count > 0 && chunk.count > 0) this.addChunk(this.encoder.take());
    const codeMap = chunk.codes.map((c) => this.code(c));
    const end = this.n + chunk.count;
    const flags = this.flags.ensure(end);
    const emailHash = this.emailHash.ensure(end * 2);
    const nameHash = this.nameHash.ensure(end * 2);
    const postalHash = this.postalHash.ensure(end * 2);
    const nationalHash = this.nationalHash.ensure(end);
    const nationalCheck = this.nationalCheck.ensure(end);
    const phoneDigits = this.phoneDigits.ensure(end);
    const phoneLength = this.phoneLength.ensure(end);
    const country = this.country.ensure(end);
    const region = this.region.ensure(end);
    for (let k = 0; k < chunk.count; k++) {
      const h = chunk.idHash[k]!;
      if (this.seenId(h, chunk.ids, k)) {
        this.skipped++;
        continue;
      }
      const i = this.n++;
      this.byId.add(h, i);
      this.ids.pushBytes(chunk.ids, k);
      this.lastNames.pushBytes(chunk.lastNames, k);
      flags[i] = chunk.flags[k]!;
      emailHash[i * 2] = chunk.emailHash[k * 2]!;
      emailHash[i * 2 + 1] = chunk.emailHash[k * 2 + 1]!;
      nameHash[i * 2] = chunk.nameHash[k * 2]!;
      nameHash[i * 2 + 1] = chunk.nameHash[k * 2 + 1]!;
      postalHash[i * 2] = chunk.postalHash[k * 2]!;
      postalHash[i * 2 + 1] = chunk.postalHash[k * 2 + 1]!;
      nationalHash[i] = chunk.nationalHash[k]!;
      nationalCheck[i] = chunk.nationalCheck[k]!;
      phoneDigits[i] = chunk.phoneDigits[k]!;
      phoneLength[i] = chunk.phoneLength[k]!;
      country[i] = codeMap[chunk.country[k]!]!;
      region[i] = codeMap[chunk.region[k]!]!;
    }
  }

  build(): CustomerIndex {
    if (this.encoder.count > 0) this.addChunk(this.encoder.take());
    const n = this.n;
    const flags = this.flags.freeze(n);
    const emailHash = this.emailHash.freeze(n * 2);
    const nameHash = this.nameHash.freeze(n * 2);
    const postalHash = this.postalHash.freeze(n * 2);
    const nationalHash = this.nationalHash.freeze(n);
    const phoneDigits = this.phoneDigits.freeze(n);
    const phoneLength = this.phoneLength.freeze(n);
    // Keys that are not stored per customer are computed into one scratch column, a table at a time.
    const scratch = new Int32Array(n);
    for (let i = 0; i < n; i++) if (flags[i]! & HAS_PHONE) scratch[i] = e164Key(phoneDigits[i]!, phoneLength[i]!);
    const byE164 = buildKeyTable(n, flags, HAS_PHONE, scratch, 1);
    for (let i = 0; i < n; i++)
      if ((flags[i]! & (HAS_NAME | HAS_POSTAL)) === (HAS_NAME | HAS_POSTAL)) scratch[i] = combine(nameHash[i * 2]!, postalHash[i * 2]!);
    const byNamePostal = buildKeyTable(n, flags, HAS_NAME | HAS_POSTAL, scratch, 1);
    return new CustomerIndex({
      count: n,
      ids: this.ids.freeze(),
      lastNames: this.lastNames.freeze(),
      flags,
      emailHash,
      nameHash,
      postalHash,
      nationalHash,
      nationalCheck: this.nationalCheck.freeze(n),
      phoneDigits,
      phoneLength,
      country: this.country.freeze(n),
      region: this.region.freeze(n),
      codes: [...this.codes],
      byEmail: buildKeyTable(n, flags, HAS_EMAIL, emailHash, 2),
      byE164,
      byNational: buildKeyTable(n, flags, HAS_NATIONAL, nationalHash, 1),
      byNamePostal,
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
          // The builder validates the email; a second email column is only needed when the first is not one.
          if (row.email === null || (!isEmail(row.email) && isEmail(v))) row.email = v;
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
    builder.add(row);
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
    skipped: builder.skipped,
  };
}
