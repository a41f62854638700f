/**
 * The customer master as the matcher sees it: a compact in-memory index from normalized email, phone
 * (E.164 and national number) and name + postal code to customer positions, plus the fields needed to
 * check a match for consistency (scan/match/hash-tables.ts has the storage). Built from a master file
 * (scan/match/master-loader.ts) or from the customers stored in the database (scoping.customer-directory.ts).
 */
import {
  CodeTable,
  type CustomerChunk,
  CustomerChunkEncoder,
  type CustomerColumns,
  type CustomerRow,
  digitsValue,
  HAS_EMAIL,
  HAS_NAME,
  HAS_NATIONAL,
  HAS_PHONE,
  HAS_POSTAL,
} from './customer-encoder.js';
import {
  buildKeyTable,
  forEachSameKey,
  combine,
  fmix,
  GrowableColumn,
  Hash2,
  homeSlot,
  type KeyTable,
  lookupKey,
  poolBytesEqual,
  poolString,
  type StringPool,
  StringPoolBuilder,
} from './hash-tables.js';

/** Flags of a row whose id was added before: no key bits, so it is in no key table. */
const DROPPED = 128;

export { type CustomerRow, lastToken, personNameKey, phoneKeys } from './customer-encoder.js';

/** The index's storage: typed arrays over SharedArrayBuffers, so a worker thread can use it without a copy. */
export interface CustomerIndexData extends CustomerColumns {
  /** Positions (rows of the master, repeated ids included). */
  count: number;
  /** Customers: positions minus repeated ids. */
  customers: number;
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
  /** Positions (see `CustomerIndexData.count`). */
  readonly count: number;
  /** Distinct customers. */
  readonly customers: number;
  private readonly h = new Hash2();

  constructor(readonly data: CustomerIndexData) {
    this.count = data.count;
    this.customers = data.customers;
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
    let p = homeSlot(h1, capacity);
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
    const value = digitsValue(e164);
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

/**
 * Builds the match index from customer rows (a master file, the customers stored in the database) or
 * from chunks encoded elsewhere (worker threads). Rows are kept in the order added. Repeated ids are found
 * once every row is in (`build`): the first row of an id wins, later ones stay in the columns but are in
 * no key table (never matched) and are counted in `skipped` with the rows that have no id.
 */
export class CustomerIndexBuilder {
  private n = 0;
  /** Rows not used: no id, or an id added before (complete after `build`). */
  skipped = 0;
  private readonly encoder = new CustomerChunkEncoder();
  private readonly ids = new StringPoolBuilder();
  private readonly lastNames = new StringPoolBuilder();
  /** Id hashes, only needed until `build` has found repeated ids (then released). */
  private idHash = new GrowableColumn(Int32Array);
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
  private readonly codes = new CodeTable();

  /** Rows added so far (rows still in the encoder and repeated ids included). */
  get count(): number {
    return this.n + this.encoder.count;
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

  /** Appends an encoded chunk (column by column). */
  addChunk(chunk: CustomerChunk): void {
    if (this.encoder.count > 0 && chunk.count > 0) this.addChunk(this.encoder.take());
    const at = this.n;
    const end = at + chunk.count;
    this.ids.append(chunk.ids, chunk.count);
    this.lastNames.append(chunk.lastNames, chunk.count);
    this.idHash.ensure(end).set(chunk.idHash, at);
    this.flags.ensure(end).set(chunk.flags, at);
    this.emailHash.ensure(end * 2).set(chunk.emailHash, at * 2);
    this.nameHash.ensure(end * 2).set(chunk.nameHash, at * 2);
    this.postalHash.ensure(end * 2).set(chunk.postalHash, at * 2);
    this.nationalHash.ensure(end).set(chunk.nationalHash, at);
    this.nationalCheck.ensure(end).set(chunk.nationalCheck, at);
    this.phoneDigits.ensure(end).set(chunk.phoneDigits, at);
    this.phoneLength.ensure(end).set(chunk.phoneLength, at);
    const codeMap = chunk.codes.map((c) => this.codes.code(c));
    const country = this.country.ensure(end);
    const region = this.region.ensure(end);
    for (let k = 0; k < chunk.count; k++) {
      country[at + k] = codeMap[chunk.country[k]!]!;
      region[at + k] = codeMap[chunk.region[k]!]!;
    }
    this.n = end;
  }

  /**
   * Takes repeated ids out of every key table (their flags set to DROPPED): rows with the same id hash
   * are compared byte for byte, the first row of each id stays. Returns how many were taken out.
   */
  private dropRepeatedIds(n: number, flags: Uint8Array, ids: StringPool): number {
    let dropped = 0;
    forEachSameKey(n, this.idHash.freeze(n), (earlier, later) => {
      if (flags[later] === DROPPED || !poolBytesEqual(ids, earlier, ids, later)) return false;
      flags[later] = DROPPED;
      dropped++;
      return true;
    });
    this.idHash = new GrowableColumn(Int32Array);
    return dropped;
  }

  build(): CustomerIndex {
    if (this.encoder.count > 0) this.addChunk(this.encoder.take());
    const n = this.n;
    const flags = this.flags.freeze(n);
    const ids = this.ids.freeze();
    const dropped = this.dropRepeatedIds(n, flags, ids);
    this.skipped += dropped;
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
    const byEmail = buildKeyTable(n, flags, HAS_EMAIL, emailHash, 2);
    const byNational = buildKeyTable(n, flags, HAS_NATIONAL, nationalHash, 1);
    return new CustomerIndex({
      count: n,
      customers: n - dropped,
      ids,
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
      codes: [...this.codes.codes],
      byEmail,
      byE164,
      byNational,
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
