/**
 * Validators for the scoping data types. Every function is pure and cheap on the common path (a
 * character-class check before anything heavier), because the engine calls them once per cell of a
 * classified column and per candidate in free text. They reject look-alikes on purpose: a leak report
 * that counts test card numbers or version strings as personal data overstates the breach.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';

const isDigitCode = (c: number) => c >= 48 && c <= 57;

/** Only the digits of a value (separators such as spaces, dashes and dots removed). */
export function digitsOf(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (isDigitCode(c)) out += value[i];
  }
  return out;
}

/** Luhn (mod 10) checksum over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/**
 * Test numbers published by card brands and payment providers (Stripe, Adyen, Braintree, PayPal,
 * Worldpay). They pass Luhn and carry real prefixes, so only a list can tell them apart; they show up
 * in staging dumps and seed data, and counting them would report customers' cards that never leaked.
 */
export const testCardNumbers: ReadonlySet<string> = new Set([
  '4111111111111111',
  '4242424242424242',
  '4012888888881881',
  '4222222222222',
  '4000056655665556',
  '4000000000000002',
  '4000000000000077',
  '4000000000000093',
  '4000000000000341',
  '4000000000009995',
  '4000000000000069',
  '4000000000000127',
  '4000000000000119',
  '4000000000003220',
  '4000002500003155',
  '4000000000003063',
  '4000002760003184',
  '4000000760000002',
  '4000001240000000',
  '4917610000000000',
  '4462030000000000',
  '4917300800000000',
  '4484070000000000',
  '4444333322221111',
  '4035501000000008',
  '4988438843884305',
  '4166676667666746',
  '4646464646464644',
  '4400000000000008',
  '5555555555554444',
  '5200828282828210',
  '5105105105105100',
  '2223003122003222',
  '2221000000000009',
  '5431111111111111',
  '5454545454545454',
  '5500000000000004',
  '5101180000000007',
  '378282246310005',
  '371449635398431',
  '378734493671000',
  '370000000000002',
  '6011111111111117',
  '6011000990139424',
  '6011000000000004',
  '6011601160116611',
  '3056930009020004',
  '36227206271667',
  '30569309025904',
  '38520000023237',
  '36006666333344',
  '3566002020360505',
  '3530111333300000',
  '3566111111111113',
  '6200000000000005',
  '6205500000000000004',
  '5019717010103742',
  '6331101999990016',
  '6759649826438453',
]);

/** Issuer identification ranges in use (first digits and allowed lengths), from the brands' published tables. */
const issuerRanges: ReadonlyArray<{ from: number; to: number; digits: number; lengths: readonly number[] }> = [
  { from: 4, to: 4, digits: 1, lengths: [13, 16, 19] }, // Visa
  { from: 51, to: 55, digits: 2, lengths: [16] }, // Mastercard
  { from: 2221, to: 2720, digits: 4, lengths: [16] }, // Mastercard 2-series
  { from: 34, to: 34, digits: 2, lengths: [15] }, // American Express
  { from: 37, to: 37, digits: 2, lengths: [15] },
  { from: 6011, to: 6011, digits: 4, lengths: [16, 17, 18, 19] }, // Discover
  { from: 644, to: 649, digits: 3, lengths: [16, 17, 18, 19] },
  { from: 65, to: 65, digits: 2, lengths: [16, 17, 18, 19] },
  { from: 3528, to: 3589, digits: 4, lengths: [16, 17, 18, 19] }, // JCB
  { from: 300, to: 305, digits: 3, lengths: [14, 15, 16, 17, 18, 19] }, // Diners Club
  { from: 36, to: 36, digits: 2, lengths: [14, 15, 16, 17, 18, 19] },
  { from: 38, to: 39, digits: 2, lengths: [16, 17, 18, 19] },
  { from: 62, to: 62, digits: 2, lengths: [16, 17, 18, 19] }, // UnionPay
  { from: 2200, to: 2204, digits: 4, lengths: [16, 17, 18, 19] }, // Mir
  { from: 50, to: 50, digits: 2, lengths: [12, 13, 14, 15, 16, 17, 18, 19] }, // Maestro
  { from: 56, to: 58, digits: 2, lengths: [12, 13, 14, 15, 16, 17, 18, 19] },
  { from: 6304, to: 6304, digits: 4, lengths: [12, 13, 14, 15, 16, 17, 18, 19] },
  { from: 6759, to: 6763, digits: 4, lengths: [12, 13, 14, 15, 16, 17, 18, 19] },
  { from: 60, to: 60, digits: 2, lengths: [16] }, // RuPay
  { from: 81, to: 82, digits: 2, lengths: [16] },
];

/** Whether a full card number (digits only) starts with a real issuer prefix for its length. */
export function hasIssuerPrefix(digits: string): boolean {
  // Prefixes of one to four digits read from the char codes (no substring per range).
  const p1 = digits.charCodeAt(0) - 48;
  const p2 = p1 * 10 + digits.charCodeAt(1) - 48;
  const p3 = p2 * 10 + digits.charCodeAt(2) - 48;
  const p4 = p3 * 10 + digits.charCodeAt(3) - 48;
  for (const r of issuerRanges) {
    if (!r.lengths.includes(digits.length)) continue;
    const prefix = r.digits === 1 ? p1 : r.digits === 2 ? p2 : r.digits === 3 ? p3 : p4;
    if (prefix >= r.from && prefix <= r.to) return true;
  }
  return false;
}

/** A run of `n` identical digits: real PANs practically never contain one; test and filler numbers do. */
function hasLongRepeat(digits: string, n: number): boolean {
  let run = 1;
  for (let i = 1; i < digits.length; i++) {
    run = digits.charCodeAt(i) === digits.charCodeAt(i - 1) ? run + 1 : 1;
    if (run >= n) return true;
  }
  return false;
}

/**
 * `card_pan`: a full card number, digits grouped by spaces or dashes at most, that passes Luhn, has a
 * real issuer prefix and length, and is not a published test number or filler (eight equal digits in a row).
 */
export function isCardPan(value: string): boolean {
  // Fast path for values without surrounding white space (nearly all): one pass from the right does the
  // character check, Luhn, the repeat check and a hash that rules out the test numbers without a copy.
  const n = value.length;
  if (n < 12 || n > 23) return n > 23 && isCardPanSlow(value);
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(n - 1);
  if (!isDigitCode(first) || !isDigitCode(last)) return isCardPanSlow(value);
  let count = 0;
  let sum = 0;
  let double = false;
  let prev = -1;
  let run = 0;
  let repeat = false;
  let hash = 0;
  for (let i = n - 1; i >= 0; i--) {
    const c = value.charCodeAt(i);
    if (!isDigitCode(c)) {
      if (c !== 32 && c !== 45) return false;
      continue;
    }
    count++;
    let d = c - 48;
    hash = Math.imul(hash ^ c, 0x01000193);
    run = c === prev ? run + 1 : 1;
    if (run >= 8) repeat = true;
    prev = c;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  if (count < 12 || count > 19 || sum % 10 !== 0 || repeat) return false;
  // Prefixes of one to four digits, read from the left (separators can only follow a digit).
  let p = 0;
  let p1 = 0;
  let p2 = 0;
  let p3 = 0;
  let p4 = 0;
  for (let i = 0, k = 0; k < 4; i++) {
    const c = value.charCodeAt(i);
    if (!isDigitCode(c)) continue;
    p = p * 10 + c - 48;
    k++;
    if (k === 1) p1 = p;
    else if (k === 2) p2 = p;
    else if (k === 3) p3 = p;
    else p4 = p;
  }
  if (!issuerPrefixOk(count, p1, p2, p3, p4)) return false;
  return !testCardHashes.has(hash) || !testCardNumbers.has(count === n ? value : digitsOf(value));
}

function isCardPanSlow(value: string): boolean {
  const v = value.trim();
  if (v.length < 12 || v.length > 23) return false;
  let count = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (isDigitCode(c)) count++;
    else if (c !== 32 && c !== 45) return false;
  }
  if (count < 12 || count > 19) return false;
  const digits = count === v.length ? v : digitsOf(v);
  return luhnValid(digits) && hasIssuerPrefix(digits) && !testCardNumbers.has(digits) && !hasLongRepeat(digits, 8);
}

/** The hash `isCardPan` computes (FNV-1a over the digits from the right) of each test number. */
const testCardHashes: ReadonlySet<number> = new Set(
  [...testCardNumbers].map((digits) => {
    let hash = 0;
    for (let i = digits.length - 1; i >= 0; i--) hash = Math.imul(hash ^ digits.charCodeAt(i), 0x01000193);
    return hash;
  }),
);

/** Issuer ranges by card length (index: number of digits). */
const issuerRangesByLength: ReadonlyArray<ReadonlyArray<(typeof issuerRanges)[number]>> = Array.from({ length: 20 }, (_v, len) =>
  issuerRanges.filter((r) => r.lengths.includes(len)),
);

function issuerPrefixOk(length: number, p1: number, p2: number, p3: number, p4: number): boolean {
  for (const r of issuerRangesByLength[length]!) {
    const prefix = r.digits === 1 ? p1 : r.digits === 2 ? p2 : r.digits === 3 ? p3 : p4;
    if (prefix >= r.from && prefix <= r.to) return true;
  }
  return false;
}

const maskChar = /[*xX•#·●]/;
/**
 * `card_last4`: a masked card number that shows only its last digits, such as `**** **** **** 1234`,
 * `XXXX-1234`, `************1234` or `ending in 1234`. A bare four-digit value counts only when the
 * column says so (`bareDigits`, for a column named `last4`).
 */
export function isCardLast4(value: string, opts: { bareDigits?: boolean } = {}): boolean {
  const v = value.trim();
  if (opts.bareDigits && /^\d{4}$/.test(v)) return true;
  if (/^(?:ending(?: in)?|ends? (?:in|with)|last ?4:?)\s*\d{4}$/i.test(v)) return true;
  if (v.length < 6 || v.length > 24 || !maskChar.test(v[0] ?? '')) return false;
  return /^(?:[*xX•#·●]{2,6}[\s-]?){1,4}\d{4}$/.test(v) || /^[*xX•#·●]{2,}\d{4}$/.test(v);
}

/** `card_expiry`: MM/YY, MM/YYYY, MM-YY, MM.YYYY or YYYY-MM with a real month and a year from 1990 to 2049. */
export function isCardExpiry(value: string): boolean {
  const v = value.trim();
  let m = /^(\d{1,2})\s?[/\-.]\s?(\d{2}|\d{4})$/.exec(v);
  let month: number;
  let year: number;
  if (m) {
    month = Number(m[1]);
    year = Number(m[2]!.length === 2 ? `20${m[2]}` : m[2]);
  } else {
    m = /^(\d{4})-(\d{2})$/.exec(v);
    if (!m) return false;
    year = Number(m[1]);
    month = Number(m[2]);
  }
  return month >= 1 && month <= 12 && year >= 1990 && year <= 2049;
}

/** `card_cvv`: three or four digits (only meaningful in a column named so; the engine never guesses it from content). */
export const isCardCvv = (value: string): boolean => /^\d{3,4}$/.test(value.trim());

/** IBAN lengths per country (ISO 13616 registry). */
export const ibanLengths: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21, CR: 22, CY: 28, CZ: 24,
  DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27,
  GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20,
  LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28, NL: 18, NO: 15, OM: 23, PK: 24, PL: 28,
  PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28,
  TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
}; // prettier-ignore

/** Example IBANs printed in bank documentation and standards; valid checksums, never a real customer's account. */
const exampleIbans: ReadonlySet<string> = new Set([
  'DE89370400440532013000',
  'GB82WEST12345698765432',
  'GB29NWBK60161331926819',
  'GB33BUKB20201555555555',
  'FR1420041010050500013M02606',
  'FR7630006000011234567890189',
  'NL91ABNA0417164300',
  'ES9121000418450200051332',
  'IT60X0542811101000000123456',
  'BE68539007547034',
  'CH9300762011623852957',
  'AT611904300234573201',
]);

/** ISO 7064 mod 97-10 over an IBAN already stripped of spaces and upper-cased. */
export function ibanChecksumValid(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let rem = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const c = rearranged.charCodeAt(i);
    if (isDigitCode(c)) rem = (rem * 10 + (c - 48)) % 97;
    else if (c >= 65 && c <= 90) rem = (rem * 100 + (c - 55)) % 97;
    else return false;
  }
  return rem === 1;
}

/** `iban`: country code with its registered length, mod-97 checksum, not a documentation example. Spaces allowed. */
export function isIban(value: string): boolean {
  const v = value.replace(/[\s-]/g, '').toUpperCase();
  if (v.length < 15 || v.length > 34) return false;
  const length = ibanLengths[v.slice(0, 2)];
  if (length !== v.length || !/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(v)) return false;
  return ibanChecksumValid(v) && !exampleIbans.has(v);
}

/** SSNs that are famous, advertised or used as examples (Woolworth's wallet card, "123-45-6789"). */
const knownFakeSsns: ReadonlySet<string> = new Set([
  '078051120',
  '219099999',
  '123456789',
  '457555462',
  '002281852',
  '042103580',
  '062360749',
]);

/**
 * `ssn`: a US Social Security number in a valid form: `123-45-6789` or `123 45 6789` (nine bare digits only
 * with `bareDigits`, for a column named so). Area 000, 666 and 900–999, group 00 and serial 0000 were never
 * issued; well-known fakes and all-equal digits are rejected.
 */
export function isSsn(value: string, opts: { bareDigits?: boolean } = {}): boolean {
  const v = value.trim();
  const m = /^(\d{3})([-\s]?)(\d{2})\2(\d{4})$/.exec(v);
  if (!m || (m[2] === '' && !opts.bareDigits)) return false;
  const area = Number(m[1]);
  const digits = `${m[1]}${m[3]}${m[4]}`;
  if (area === 0 || area === 666 || area >= 900) return false;
  if (m[3] === '00' || m[4] === '0000') return false;
  return !knownFakeSsns.has(digits) && !/^(\d)\1{8}$/.test(digits);
}

/**
 * `email`: a mailbox address with a dotted domain and an alphabetic top-level domain. Surrounding spaces
 * and a `mailto:` prefix are tolerated (the caller trims); anything else is not an address.
 */
export function isEmail(value: string): boolean {
  // One anchored pattern, no allocation on the common path (this runs once per email cell).
  const v = value.charCodeAt(0) <= 32 || value.charCodeAt(value.length - 1) <= 32 ? value.trim() : value;
  if (v.length > 254 || !emailShape.test(v)) return false;
  const at = v.indexOf('@');
  return at <= 64 && v.charCodeAt(0) !== 46 && v.charCodeAt(at - 1) !== 46 && !v.includes('..');
}

const emailShape = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}$/;

/** Normalized email for matching: trimmed and case-folded (mailbox local parts are case-insensitive in practice). */
export function normalizeEmail(value: string): string {
  // Most addresses are already lower-case ASCII without surrounding spaces: return them as they are
  // (no new string, and its hash is computed once for the map lookups that follow).
  const n = value.length;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c >= 128 || ((i === 0 || i === n - 1) && c <= 32)) return value.trim().toLowerCase();
  }
  return value;
}

/**
 * Cheap phone shape check: phone punctuation only, 7 to 15 digits (E.164 maximum), an optional leading
 * `+` or `00`, an optional extension. Not a date, not one digit repeated.
 */
export function isPhoneLike(value: string): boolean {
  const v = value.trim().replace(/\s*(?:ext\.?|x|#)\s*\d{1,6}$/i, '');
  if (v.length < 7 || v.length > 24 || !/^\+?[\d\s().\-/]+$/.test(v)) return false;
  const digits = digitsOf(v);
  if (digits.length < 7 || digits.length > 15 || /^(\d)\1+$/.test(digits)) return false;
  // Dates (2024-01-31, 31.01.2024, 01/31/2024) have the same characters as phone numbers.
  if (/^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$|^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/.test(v)) return false;
  return true;
}

/**
 * E.164 form of a phone number (`+4915123456789`), or null when it is not a valid number. International
 * forms (`+…`, `00…`) need no country; national forms are read with `defaultCountry` (ISO 3166-1 alpha-2).
 */
export function normalizePhone(value: string, defaultCountry?: string): string | null {
  if (!isPhoneLike(value)) return null;
  let v = value.trim().replace(/\s*(?:ext\.?|x|#)\s*\d{1,6}$/i, '');
  if (v.startsWith('00')) v = `+${v.slice(2)}`;
  const country = defaultCountry && /^[A-Z]{2}$/.test(defaultCountry) ? (defaultCountry as CountryCode) : undefined;
  if (!v.startsWith('+') && !country) return null;
  const parsed = parsePhoneNumberFromString(v, country);
  return parsed?.isValid() ? parsed.number : null;
}

/**
 * `ip_address`: an IPv4 address in dotted-quad form (octets 0–255, no leading zeros) or an IPv6 address.
 * The unspecified, broadcast and loopback addresses identify nobody and are rejected.
 */
export function isIpAddress(value: string): boolean {
  const v = value.trim();
  if (isIPv4(v)) {
    if (/(^|\.)0\d/.test(v)) return false;
    return v !== '0.0.0.0' && v !== '255.255.255.255' && !v.startsWith('127.');
  }
  if (v.includes(':') && isIPv6(v)) {
    const groups = v.split(':').filter(Boolean).length;
    return groups >= 3 && v !== '::1';
  }
  return false;
}

/**
 * Text before an IPv4-shaped token that makes it a version or build number, not an address
 * ("v1.2.3.4", "version 10.0.19041.1", "build 4.2.0.1").
 */
export const versionContext = /(?:\bv|\bver(?:sion)?[\s:=]*|\bbuild[\s:=]*|\brelease[\s:=]*|\bfirmware[\s:=]*|\/)$/i;

/** Whether a dotted four-part number at `start` of `text` is a version string by its context. */
export function looksLikeVersion(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 12), start);
  if (versionContext.test(before)) return true;
  // Five or more parts (1.2.3.4.5) or a suffix (1.2.3.4-beta) are versions too.
  const next = text.charCodeAt(end);
  return (next === 46 && isDigitCode(text.charCodeAt(end + 1))) || next === 45;
}

const monthNames: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
}; // prettier-ignore

/** The number of two (four) digits at `i`, or -1. */
function twoDigits(v: string, i: number): number {
  const a = v.charCodeAt(i) - 48;
  const b = v.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}
function fourDigits(v: string, i: number): number {
  const a = twoDigits(v, i);
  const b = twoDigits(v, i + 2);
  return a >= 0 && b >= 0 ? a * 100 + b : -1;
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || y < 1900 || y > 2030) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  return d <= days;
}

/**
 * `date_of_birth`: a plausible calendar date (years 1900–2030) written as a date, not a timestamp:
 * YYYY-MM-DD, YYYY/MM/DD, DD.MM.YYYY, DD/MM/YYYY or MM/DD/YYYY, DD-MM-YYYY, "12 March 1980", "March 12, 1980".
 * A time of day, an epoch number or a two-digit year is rejected.
 */
export function isDateOfBirth(value: string): boolean {
  const v = value.trim();
  if (v.length < 8 || v.length > 20) return false;
  // The usual YYYY-MM-DD without a regex.
  if (v.length === 10) {
    const sep = v.charCodeAt(4);
    if ((sep === 45 || sep === 47 || sep === 46) && v.charCodeAt(7) === sep) {
      const y = fourDigits(v, 0);
      const mo = twoDigits(v, 5);
      const d = twoDigits(v, 8);
      if (y >= 0 && mo >= 0 && d >= 0) return validDate(y, mo, d);
    }
  }
  let m = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/.exec(v);
  if (m) return validDate(Number(m[1]), Number(m[3]), Number(m[4]));
  m = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})$/.exec(v);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const y = Number(m[4]);
    return validDate(y, b, a) || validDate(y, a, b);
  }
  m = /^(\d{1,2})\.?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})$/.exec(v);
  if (m) return validDate(Number(m[3]), monthNames[m[2]!.slice(0, 3).toLowerCase()] ?? 0, Number(m[1]));
  m = /^([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})$/.exec(v);
  if (m) return validDate(Number(m[3]), monthNames[m[1]!.slice(0, 3).toLowerCase()] ?? 0, Number(m[2]));
  return false;
}

const strongHash =
  /^(?:\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}|\$argon2(?:id|i|d)\$v=\d+\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+={0,2}\$[A-Za-z0-9+/]+={0,2}|\$(?:scrypt|7)\$[^\s$]+\$[^\s]+|\$[156]\$(?:rounds=\d+\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{22,86}|\$pbkdf2(?:-sha\d+)?\$\d+\$[./A-Za-z0-9+=]+\$[./A-Za-z0-9+=]+|pbkdf2_sha\d+\$\d+\$[^\s$]+\$[A-Za-z0-9+/=]+|\{S?SHA(?:256|512)?\}[A-Za-z0-9+/=]{20,})$/;
const hexDigest = /^(?:[0-9a-fA-F]{32}|[0-9a-fA-F]{40}|[0-9a-fA-F]{64}|[0-9a-fA-F]{128})$/;

/**
 * `password_hash`: a self-describing password hash (bcrypt, argon2, scrypt, sha-crypt, PBKDF2, LDAP {SSHA}),
 * or a bare MD5/SHA-1/SHA-256/SHA-512 hex digest when the column is about passwords (`hexAllowed`), since
 * bare hex digests are also file checksums and tokens.
 */
export function isPasswordHash(value: string, opts: { hexAllowed?: boolean } = {}): boolean {
  const v = value.trim();
  if (v.length < 20 || v.length > 200) return false;
  if (v.charCodeAt(0) === 36 || v.startsWith('pbkdf2') || v.charCodeAt(0) === 123) return strongHash.test(v);
  return opts.hexAllowed === true && hexDigest.test(v);
}

/** Self-describing password hash formats only (no bare hex): used to detect hash columns from content alone. */
export const isStrongPasswordHash = (value: string): boolean => isPasswordHash(value);

// Street words and suffixes in the languages of our customers; a number plus one of these makes an address line.
const streetWord = new RegExp(
  '(?:^|[\\s,])(?:' +
    'street|st|road|rd|avenue|ave|av|avda|avenida|blvd|boulevard|bd|lane|ln|drive|dr|way|court|ct|place|pl|square|sq|terrace|' +
    'close|crescent|cres|highway|hwy|parkway|pkwy|circle|cir|row|alley|walk|hill|gardens|grove|mews|rue|chemin|impasse|allée|allee|' +
    'quai|cours|passage|route|calle|carrera|camino|paseo|plaza|via|viale|piazza|corso|vicolo|largo|rua|travessa|praça|praca|' +
    'straße|strasse|gasse|weg|platz|ring|damm|ufer|chaussee|steig|pfad|straat|laan|plein|gracht|kade|singel|gatan|vägen|' +
    'vagen|gata|gade|vej|veien|gate|ulica|ul|aleja|al|ulitsa|prospekt|box' +
    ')\\.?(?=$|[\\s,])',
  'i',
);
const streetSuffix =
  /\p{L}{2,}(?:straße|strasse|str\.|gasse|weg|allee|platz|straat|laan|gracht|gatan|vägen|gade|vej|veien|gate|damm|ring|ufer)(?=$|[\s,])/iu;
const houseNumber = /(?:^|[\s,])\d{1,5}[a-z]?(?:[-/]\d{1,4}[a-z]?){0,2}(?=$|[\s,])/i;

/**
 * `postal_address`: a street address line, i.e. a house number (or PO box) together with a street word
 * ("12 Rue de la Paix", "Hauptstr. 5", "350 Fifth Avenue", "Kalverstraat 92", "PO Box 17"). A city or a
 * postal code on its own is not an address.
 */
export function isStreetAddress(value: string): boolean {
  if (value.length < 5 || value.length > 200) return false;
  return houseNumber.test(value) && (streetWord.test(value) || streetSuffix.test(value));
}

/** `name`: one to six words of letters (any script), with apostrophes, hyphens and dots; no digits, no `@`. */
export function isPersonName(value: string): boolean {
  const v = value.trim();
  if (v.length < 2 || v.length > 80) return false;
  // A scan over character classes (cached per UTF-16 unit) instead of a Unicode regex per cell; the regex
  // stays the reference and decides for surrogate pairs.
  let words = 0;
  let i = 0;
  const n = v.length;
  for (;;) {
    let k = nameCharClass(v.charCodeAt(i));
    if (k === NAME_SURROGATE) return personNamePattern.test(v);
    if (k !== NAME_LETTER) return false;
    if (++words > 6) return false;
    for (i++; i < n; i++) {
      k = nameCharClass(v.charCodeAt(i));
      if (k !== NAME_LETTER && k !== NAME_INNER) break;
    }
    if (i === n) return true;
    if (k === NAME_SURROGATE) return personNamePattern.test(v);
    if (k !== NAME_SEPARATOR) return false;
    for (i++; i < n; i++) {
      k = nameCharClass(v.charCodeAt(i));
      if (k !== NAME_SEPARATOR) break;
    }
    if (i === n) return false;
  }
}

const personNamePattern = /^[\p{L}\p{M}][\p{L}\p{M}'’.-]*(?:[\s,]+[\p{L}\p{M}][\p{L}\p{M}'’.-]*){0,5}$/u;
const NAME_OTHER = 1;
const NAME_LETTER = 2; // \p{L} or \p{M}
const NAME_INNER = 3; // ' ’ . -
const NAME_SEPARATOR = 4; // \s or ,
const NAME_SURROGATE = 5;
const nameClasses = new Uint8Array(65536); // 0: not looked up yet
function nameCharClass(c: number): number {
  const k = nameClasses[c]!;
  if (k !== 0) return k;
  const ch = String.fromCharCode(c);
  const cls =
    c >= 0xd800 && c <= 0xdfff
      ? NAME_SURROGATE
      : /^[\p{L}\p{M}]$/u.test(ch)
        ? NAME_LETTER
        : /^['’.-]$/.test(ch)
          ? NAME_INNER
          : /^[\s,]$/.test(ch)
            ? NAME_SEPARATOR
            : NAME_OTHER;
  nameClasses[c] = cls;
  return cls;
}

/** `username`: a login handle without spaces, 2–64 characters. */
export const isUsername = (value: string): boolean => /^[^\s]{2,64}$/.test(value.trim());

/** `national_id`, `passport`, `drivers_license`: an identifier of 5–24 letters and digits (with common separators) containing a digit. */
export const isDocumentNumber = (value: string): boolean => /^(?=.*\d)[A-Za-z0-9][A-Za-z0-9 .\-/]{3,22}[A-Za-z0-9]$/.test(value.trim());

/** `bank_account`: 6–34 digits (domestic account numbers; IBANs are their own type). */
export const isBankAccount = (value: string): boolean => /^\d[\d\s-]{4,40}\d$/.test(value.trim()) && digitsOf(value).length <= 34;

/** Postal code for matching: upper-cased, spaces and dashes removed ("sw1a 1aa" → "SW1A1AA"). */
export function normalizePostalCode(value: string): string {
  // Already normalized (digits and capitals only, the usual case): no regex, no new string.
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90))) return value.replace(/[\s-]/g, '').toUpperCase();
  }
  return value;
}

/**
 * Person name for matching: accents removed, case folded, punctuation to spaces, tokens sorted so that
 * "DOE, John", "john  doe" and "Jöhn Doe" compare equal to "John Doe".
 */
export function normalizeName(value: string): string {
  // Leaks repeat the same names many times: a bounded cache saves the Unicode folding and sorting.
  let key = nameKeyCache.get(value);
  if (key === undefined) {
    key = computeNameKey(value);
    if (nameKeyCache.size >= 50_000) nameKeyCache.clear();
    nameKeyCache.set(detachString(value), key);
  }
  return key;
}

const nameKeyCache = new Map<string, string>();

/**
 * A copy of `s` that does not share memory with the (possibly 1 MiB) string it was cut from, so a
 * cache or register entry does not keep read buffers alive. Short strings are copies already.
 */
export function detachString(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

function computeNameKey(value: string): string {
  // eslint-disable-next-line no-control-regex
  const ascii = /^[\x00-\x7f]*$/.test(value);
  let folded = (ascii ? value : value.normalize('NFKD').replace(/\p{M}/gu, '')).toLowerCase();
  // Letters that do not decompose but are commonly written without their mark (Groß/GROSS, Łukasz/Lukasz).
  if (!ascii) folded = folded.replace(/[ßłøæœđþı]/g, (c) => nameFolds[c] ?? c);
  const tokens = folded.split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 0);
  return tokens.sort().join(' ');
}

const nameFolds: Readonly<Record<string, string>> = { ß: 'ss', ł: 'l', ø: 'o', æ: 'ae', œ: 'oe', đ: 'd', þ: 'th', ı: 'i' };

/** One normalized name token (a last name for the phone rule). */
export const normalizeNameToken = (value: string): string => normalizeName(value);
