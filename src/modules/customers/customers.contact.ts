/**
 * What the customer master stores about a person and how it is looked up without storing it in clear:
 * the contact fields (encrypted as one JSON value) and the keyed blind indexes of email, phone and
 * name + postal code. The key strings carry a domain prefix so an email can never collide with a phone.
 * They are the same keys the scoping module's directory computes for person search.
 */
import type { Cipher } from '../../core/crypto.js';
import { type CustomerRow, personNameKey, phoneKeys, normalizeEmail, normalizePostalCode } from '../../scan/index.js';

/** The fields of the customer master, in the order the mapping is shown. */
export const customerFields = [
  'id',
  'email',
  'phone',
  'first_name',
  'last_name',
  'full_name',
  'street',
  'postal_code',
  'city',
  'region',
  'country',
] as const;
export type CustomerField = (typeof customerFields)[number];
export type ContactField = Exclude<CustomerField, 'id'>;
export const contactFields = customerFields.filter((f): f is ContactField => f !== 'id');

/** Contact fields as stored (encrypted JSON): the values as found in the imported file, trimmed; absent fields are left out. */
export type StoredContact = Partial<Record<ContactField, string | null>>;

/** A stored customer as the scoping index reads it (`id` is customers.id). */
export function matchRowOf(id: string, c: StoredContact, country: string | null, region: string | null): CustomerRow {
  return {
    id,
    email: c.email ?? null,
    phone: c.phone ?? null,
    first_name: c.first_name ?? null,
    last_name: c.last_name ?? null,
    full_name: c.full_name ?? null,
    postal_code: c.postal_code ?? null,
    country,
    region,
  };
}

/** The parts of a person the blind indexes are computed from. `full_name` wins over first + last. */
export interface BlindKeyInput {
  email?: string | null;
  phone?: string | null;
  full_name?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  postal_code?: string | null;
  /** ISO 3166-1 alpha-2, for phone numbers written without the country calling code. */
  country?: string | null;
}

/** The plaintext keys behind the blind indexes (`email:…`, `phone:+E164`, `name:…|postal`), null when a part is missing. */
export function customerIndexKeys(c: BlindKeyInput): { email: string | null; phone: string | null; name: string | null } {
  const email = c.email?.trim() ? normalizeEmail(c.email) : null;
  const country = c.country && /^[A-Z]{2}$/.test(c.country) ? c.country : null;
  const phone = c.phone?.trim() ? phoneKeys(c.phone, country).e164 : null;
  const name = personNameKey(c.full_name?.trim() || null, c.first_name?.trim() || null, c.last_name?.trim() || null);
  const postal = c.postal_code?.trim() ? normalizePostalCode(c.postal_code) : null;
  return {
    email: email ? `email:${email}` : null,
    phone: phone ? `phone:${phone}` : null,
    name: name && postal ? `name:${name}|${postal}` : null,
  };
}

/**
 * A stored blind index: the first 16 bytes (128 bits) of the keyed HMAC-SHA-256 as base64url, 22 characters.
 * Still keyed (useless without the secret) and collision-free in practice (a false match among 50 million
 * customers has a chance of about 10⁻²³), but a third of the 64 hex characters of the full HMAC, which keeps
 * the three indexes of a large master small and their inserts fast.
 */
const shortIndex = (cipher: Cipher, key: string) => Buffer.from(cipher.blindIndex(key).slice(0, 32), 'hex').toString('base64url');

/** Blind indexes (keyed HMAC, 22 characters) of a person, as stored in customers.email_bidx / phone_bidx / name_bidx. */
export function customerBlindKeys(cipher: Cipher, c: BlindKeyInput): { email: string | null; phone: string | null; name: string | null } {
  return blindKeysOf(cipher, customerIndexKeys(c));
}

/** `customerBlindKeys` from the plaintext keys of `customerIndexKeys` (the import computes those in its reader). */
export function blindKeysOf(
  cipher: Cipher,
  k: { email: string | null; phone: string | null; name: string | null },
): { email: string | null; phone: string | null; name: string | null } {
  return {
    email: k.email ? shortIndex(cipher, k.email) : null,
    phone: k.phone ? shortIndex(cipher, k.phone) : null,
    name: k.name ? shortIndex(cipher, k.name) : null,
  };
}

/**
 * Every stored form of a person's blind indexes, for lookups: the current 22-character form and the 64-hex-character
 * full HMAC that imports before the short form stored (such rows are found until they are imported again).
 */
export function customerBlindKeyForms(cipher: Cipher, c: BlindKeyInput): { email: string[]; phone: string[]; name: string[] } {
  const k = customerIndexKeys(c);
  const forms = (key: string | null) => {
    if (!key) return [];
    const full = cipher.blindIndex(key);
    return [Buffer.from(full.slice(0, 32), 'hex').toString('base64url'), full];
  };
  return { email: forms(k.email), phone: forms(k.phone), name: forms(k.name) };
}

const stars = (n: number) => '*'.repeat(Math.max(3, Math.min(n, 8)));

/** A value shortened so that a preview shows the column holds the right kind of data without showing the data: j***@e***.com. */
export function maskValue(field: CustomerField, value: string): string {
  const v = value.trim();
  if (!v) return '';
  if (field === 'id' || field === 'country') return v;
  if (field === 'email') {
    const at = v.lastIndexOf('@');
    if (at <= 0) return `${v[0]}***`;
    const domain = v.slice(at + 1);
    const dot = domain.lastIndexOf('.');
    const tld = dot > 0 ? domain.slice(dot) : '';
    return `${v[0]}***@${domain[0] ?? ''}***${tld}`;
  }
  if (field === 'phone') {
    const digits = v.replace(/[^\d+]/g, '');
    return digits.length > 5 ? `${digits.slice(0, 3)}${stars(digits.length - 5)}${digits.slice(-2)}` : '***';
  }
  if (field === 'region') return v.length <= 3 ? v : `${v[0]}***`;
  if (field === 'postal_code') return v.length > 2 ? `${v.slice(0, 2)}***` : '***';
  return `${[...v][0]}***`;
}

/** Values per row of a `SealedBatch`, in this order. */
export const SEALED_WIDTH = 9;
export const sealedColumns = [
  'customer_ref',
  'id',
  'contact_enc',
  'email_bidx',
  'phone_bidx',
  'name_bidx',
  'country',
  'region',
  'jurisdiction',
] as const;

/**
 * A batch of rows as stored: contact encrypted, blind indexes computed, a new customers.id drawn (used only when
 * the row is inserted). Flat arrays rather than an object per row, so that a batch crosses from the reader
 * thread to the writer as a cheap structured clone.
 */
export interface SealedBatch {
  /** Line (or record number) of each row in the file. */
  lines: Int32Array;
  /** `SEALED_WIDTH` values per row, in the order of `sealedColumns`; customer_ref is null when the row has no id. */
  values: Array<string | null>;
}

/** Encrypts and indexes prepared rows (in the reader thread when the cipher can be shared, else in the writer). */
export function sealRows(
  cipher: Cipher,
  newId: () => string,
  rows: ReadonlyArray<{
    line: number;
    ref: string | null;
    contact: StoredContact;
    keys: { email: string | null; phone: string | null; name: string | null };
    country: string | null;
    region: string | null;
    jurisdiction: string;
  }>,
): SealedBatch {
  const lines = new Int32Array(rows.length);
  const values = new Array<string | null>(rows.length * SEALED_WIDTH);
  let v = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    lines[i] = row.line;
    if (!row.ref) {
      // Skipped by the writer: nothing to encrypt.
      values.fill(null, v, v + SEALED_WIDTH);
      v += SEALED_WIDTH;
      continue;
    }
    const b = blindKeysOf(cipher, row.keys);
    values[v++] = row.ref;
    values[v++] = newId();
    values[v++] = cipher.encrypt(JSON.stringify(row.contact));
    values[v++] = b.email;
    values[v++] = b.phone;
    values[v++] = b.name;
    values[v++] = row.country;
    values[v++] = row.region;
    values[v++] = row.jurisdiction;
  }
  return { lines, values };
}
