/**
 * One customer row turned into what the match index stores: normalized keys as hashes, the phone as
 * digits, codes for country and region, the id and last name as UTF-8. Rows are encoded into chunks of
 * plain typed arrays, so that worker threads can encode a part of the master each and hand the chunks to
 * the thread building the index without copying (transfer), and the builder appends a chunk column by
 * column. The builder (scan/match/customer-index.ts) does what needs every customer: repeated ids and key tables.
 */
import { getCountryCallingCode, type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { Hash2, type StringPool } from './hash-tables.js';
import { digitsOf, isEmail, normalizeEmail, normalizeName, normalizePostalCode } from '../detect/validators.js';

/** One customer as the index needs it: raw values as found (the encoder normalizes them). */
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

export const HAS_EMAIL = 1;
export const HAS_NAME = 2;
export const HAS_POSTAL = 4;
export const HAS_PHONE = 8;
export const HAS_NATIONAL = 16;

/** Per customer, what a chunk and the finished index (scan/match/customer-index.ts) both hold, column by column. */
export interface CustomerColumns {
  /** ids and normalized last names (for confirming a phone match token by token), as UTF-8. */
  ids: StringPool;
  lastNames: StringPool;
  /** HAS_* bits (bit 1 email, 2 name, 4 postal code, 8 phone in E.164, 16 national phone number). */
  flags: Uint8Array;
  /** Two 32-bit hashes (h1, h2) per customer of the normalized email, name key (sorted tokens) and postal code. */
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
}

/** Encoded customers in the order they were read (see `CustomerChunkEncoder`); `codes` are the chunk's own. */
export interface CustomerChunk extends CustomerColumns {
  count: number;
  /** First hash of each id (the builder's repeated-id check). */
  idHash: Int32Array;
}

/** The buffers of a chunk, to transfer it to another thread. */
export function chunkBuffers(c: CustomerChunk): ArrayBuffer[] {
  return [
    c.ids.bytes,
    c.ids.offsets,
    c.idHash,
    c.lastNames.bytes,
    c.lastNames.offsets,
    c.flags,
    c.emailHash,
    c.nameHash,
    c.postalHash,
    c.nationalHash,
    c.nationalCheck,
    c.phoneDigits,
    c.phoneLength,
    c.country,
    c.region,
  ].map((a) => a.buffer as ArrayBuffer);
}

/** A byte buffer that strings are appended to as UTF-8, doubling when full. */
export class Utf8Bytes {
  bytes = Buffer.allocUnsafeSlow(64 * 1024);
  used = 0;

  private room(n: number) {
    if (this.used + n > this.bytes.length) {
      const next = Buffer.allocUnsafeSlow(Math.max(this.bytes.length * 2, this.used + n));
      this.bytes.copy(next, 0, 0, this.used);
      this.bytes = next;
    }
  }

  append(s: string): void {
    this.room(s.length * 3);
    this.used += this.bytes.write(s, this.used, 'utf8');
  }

  appendBytes(src: Uint8Array): void {
    this.room(src.length);
    this.bytes.set(src, this.used);
    this.used += src.length;
  }
}

/** Country and region codes numbered in order of first use from 1 (0: none), at most 65,534 of them. */
export class CodeTable {
  readonly codes: string[] = [''];
  private readonly codeOf = new Map<string, number>();

  code(value: string | null): number {
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
}

/** Appends UTF-8 strings one after another, with their offsets. */
class PoolWriter {
  private readonly text = new Utf8Bytes();
  readonly offsets: Uint32Array;
  length = 0;

  constructor(capacity: number) {
    this.offsets = new Uint32Array(capacity + 1);
  }

  push(s: string | null): void {
    if (s) this.text.append(s);
    this.offsets[++this.length] = this.text.used;
  }

  take(): StringPool {
    // A copy of the used bytes only: the pool is kept for the life of the index.
    const bytes = new Uint8Array(this.text.used);
    bytes.set(this.text.bytes.subarray(0, this.text.used));
    return { bytes, offsets: this.offsets.slice(0, this.length + 1) };
  }
}

/**
 * Encodes customer rows into a chunk of at most `capacity` rows. A row without id is not added (`add`
 * returns false); repeated ids are the builder's concern.
 */
export class CustomerChunkEncoder {
  private ids: PoolWriter;
  private lastNames: PoolWriter;
  private idHash: Int32Array;
  private flags: Uint8Array;
  private emailHash: Int32Array;
  private nameHash: Int32Array;
  private postalHash: Int32Array;
  private nationalHash: Int32Array;
  private nationalCheck: Int32Array;
  private phoneDigits: Float64Array;
  private phoneLength: Uint8Array;
  private country: Uint16Array;
  private region: Uint16Array;
  private codes = new CodeTable();
  private readonly h = new Hash2();
  count = 0;

  constructor(readonly capacity = 32_768) {
    this.ids = new PoolWriter(capacity);
    this.lastNames = new PoolWriter(capacity);
    this.idHash = new Int32Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.emailHash = new Int32Array(capacity * 2);
    this.nameHash = new Int32Array(capacity * 2);
    this.postalHash = new Int32Array(capacity * 2);
    this.nationalHash = new Int32Array(capacity);
    this.nationalCheck = new Int32Array(capacity);
    this.phoneDigits = new Float64Array(capacity);
    this.phoneLength = new Uint8Array(capacity);
    this.country = new Uint16Array(capacity);
    this.region = new Uint16Array(capacity);
  }

  get full(): boolean {
    return this.count === this.capacity;
  }

  add(row: CustomerRow): boolean {
    if (!row.id || this.full) return false;
    const i = this.count++;
    const h = this.h;
    this.idHash[i] = h.of(row.id).h1;
    this.ids.push(row.id);
    const email = row.email && isEmail(row.email) ? normalizeEmail(row.email) : null;
    const country = row.country ? upperCode(row.country) : null;
    const postal = row.postal_code ? normalizePostalCode(row.postal_code) || null : null;
    let flags = 0;
    if (email) {
      flags |= HAS_EMAIL;
      h.of(email);
      this.emailHash[i * 2] = h.h1;
      this.emailHash[i * 2 + 1] = h.h2;
    }
    if (postal) {
      flags |= HAS_POSTAL;
      h.of(postal);
      this.postalHash[i * 2] = h.h1;
      this.postalHash[i * 2 + 1] = h.h2;
    }
    this.country[i] = this.codes.code(country);
    this.region[i] = this.codes.code(row.region ? upperCode(row.region) : null);
    const keys = row.phone ? phoneKeys(row.phone, country) : null;
    if (keys?.e164) {
      flags |= HAS_PHONE;
      this.phoneLength[i] = keys.e164.length - 1;
      this.phoneDigits[i] = digitsValue(keys.e164);
    }
    if (keys?.national) {
      flags |= HAS_NATIONAL;
      h.of(keys.national);
      this.nationalHash[i] = h.h1;
      this.nationalCheck[i] = h.h2;
    }
    const nameKey = personNameKey(row.full_name, row.first_name, row.last_name);
    if (nameKey) {
      flags |= HAS_NAME;
      h.of(nameKey);
      this.nameHash[i * 2] = h.h1;
      this.nameHash[i * 2 + 1] = h.h2;
    }
    const lastRaw = row.last_name ?? (row.full_name ? lastToken(row.full_name) : null);
    this.lastNames.push(lastRaw ? normalizeName(lastRaw) : null);
    this.flags[i] = flags;
    return true;
  }

  /** The rows encoded so far; the encoder starts a new chunk. */
  take(): CustomerChunk {
    const n = this.count;
    const chunk: CustomerChunk = {
      count: n,
      ids: this.ids.take(),
      idHash: this.idHash.slice(0, n),
      lastNames: this.lastNames.take(),
      flags: this.flags.slice(0, n),
      emailHash: this.emailHash.slice(0, n * 2),
      nameHash: this.nameHash.slice(0, n * 2),
      postalHash: this.postalHash.slice(0, n * 2),
      nationalHash: this.nationalHash.slice(0, n),
      nationalCheck: this.nationalCheck.slice(0, n),
      phoneDigits: this.phoneDigits.slice(0, n),
      phoneLength: this.phoneLength.slice(0, n),
      country: this.country.slice(0, n),
      region: this.region.slice(0, n),
      codes: this.codes.codes,
    };
    this.count = 0;
    this.ids = new PoolWriter(this.capacity);
    this.lastNames = new PoolWriter(this.capacity);
    this.flags.fill(0);
    this.emailHash.fill(0);
    this.nameHash.fill(0);
    this.postalHash.fill(0);
    this.nationalHash.fill(0);
    this.nationalCheck.fill(0);
    this.phoneDigits.fill(0);
    this.phoneLength.fill(0);
    this.codes = new CodeTable();
    return chunk;
  }
}

/** Trimmed, upper-cased code ("de " → "DE"), null when empty; no new string when it already is one. */
function upperCode(value: string): string | null {
  let plain = value.length > 0;
  for (let i = 0; i < value.length && plain; i++) {
    const c = value.charCodeAt(i);
    plain = (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45;
  }
  return plain ? value : value.trim().toUpperCase() || null;
}

/** "+4915112345678" → 4915112345678 (at most 15 digits: exact in a double). */
export function digitsValue(e164: string): number {
  let v = 0;
  for (let i = 1; i < e164.length; i++) v = v * 10 + (e164.charCodeAt(i) - 48);
  return v;
}

/** Keys under which a phone is indexed: its E.164 form and its national significant number (for leaks without country code). */
export function phoneKeys(raw: string, country: string | null): { e164: string | null; national: string | null } {
  const v = raw.trim();
  const cc = country && /^[A-Z]{2}$/.test(country) ? (country as CountryCode) : undefined;
  if (v.startsWith('+') || v.startsWith('00')) {
    const digits = digitsOf(v.startsWith('00') ? v.slice(2) : v);
    if (digits.length < 8 || digits.length > 15) return { e164: null, national: null };
    // With a known country, the calling code is a prefix we can strip without parsing (fast path for big masters).
    const code = cc ? callingCode(cc) : null;
    if (code && digits.startsWith(code)) return { e164: `+${digits}`, national: digits.slice(code.length) };
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

const callingCodes = new Map<string, string | null>();

/** The calling code of a country ("49" for DE), null when unknown; cached, as masters repeat few countries. */
function callingCode(country: CountryCode): string | null {
  let code = callingCodes.get(country);
  if (code === undefined) {
    try {
      code = getCountryCallingCode(country);
    } catch {
      code = null;
    }
    callingCodes.set(country, code);
  }
  return code;
}

/** Normalized name key of a person from a full name or first + last. */
export function personNameKey(full: string | null, first: string | null, last: string | null): string | null {
  const raw = full ?? (first || last ? `${first ?? ''} ${last ?? ''}` : null);
  if (!raw) return null;
  const key = normalizeName(raw);
  return key.includes(' ') ? key : null; // a lone first or last name does not identify anyone
}

/** Last word of a full name ("Doe" of "John Doe"), or the part before a comma ("Doe, John"). */
export function lastToken(full: string): string {
  const comma = full.indexOf(',');
  if (comma > 0) return full.slice(0, comma);
  const parts = full.trim().split(/\s+/);
  return parts[parts.length - 1] ?? full;
}
