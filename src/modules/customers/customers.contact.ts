/**
 * What the customer master stores about a person and how it is looked up without storing it in clear:
 * the contact fields (encrypted as one JSON value) and the keyed blind indexes of email, phone and
 * name + postal code. The key strings carry a domain prefix so an email can never collide with a phone.
 * They are the same keys the scoping module's directory computes for person search.
 */
import type { Cipher } from '../../core/crypto.js';
import { personNameKey, phoneKeys } from '../scoping/scoping.customers.js';
import { normalizeEmail, normalizePostalCode } from '../scoping/scoping.validators.js';

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

/** Blind indexes (keyed HMAC) of a person, as stored in customers.email_bidx / phone_bidx / name_bidx. */
export function customerBlindKeys(cipher: Cipher, c: BlindKeyInput): { email: string | null; phone: string | null; name: string | null } {
  const k = customerIndexKeys(c);
  return {
    email: k.email ? cipher.blindIndex(k.email) : null,
    phone: k.phone ? cipher.blindIndex(k.phone) : null,
    name: k.name ? cipher.blindIndex(k.name) : null,
  };
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
