/**
 * What one record holds: a bit per data type plus the identifying values the matcher needs. The engine
 * fills one `RecordFindings` per record, from classified columns (`applyCell`) or from free text
 * (`scanText`: cheap pre-filters such as "has an @" or "has a digit", then small anchored patterns and
 * the validators; never one giant regex over the line).
 */
import { type DataType, dataTypes } from '../../contract/data-types.js';
import { headerRole, keyValueRoles, type Role, roleDataType, roleValidators } from './column-classifier.js';
import {
  ibanLengths,
  isCardLast4,
  isCardPan,
  isDateOfBirth,
  isEmail,
  isIban,
  isIpAddress,
  isPasswordHash,
  isPhoneLike,
  isSsn,
  looksLikeVersion,
} from './validators.js';

/** Bit of each data type in a record's or a customer's mask (the vocabulary has 21 types, a 32-bit int holds them). */
export const typeBit: Readonly<Record<DataType, number>> = Object.fromEntries(dataTypes.map((t, i) => [t, 1 << i])) as Record<
  DataType,
  number
>;

/** Data types of a mask, in vocabulary order. */
export function typesOfMask(mask: number): DataType[] {
  // The register asks once per affected customer and masks repeat: the list is computed once per mask.
  let types = typesByMask.get(mask);
  if (types === undefined) {
    types = dataTypes.filter((_t, i) => (mask & (1 << i)) !== 0);
    if (typesByMask.size < 4096) typesByMask.set(mask, types);
  }
  return types.slice();
}
const typesByMask = new Map<number, readonly DataType[]>();

export interface RecordFindings {
  mask: number;
  email: string | null;
  phone: string | null;
  first: string | null;
  last: string | null;
  full: string | null;
  postal: string | null;
  country: string | null;
}

export const emptyFindings = (): RecordFindings => ({
  mask: 0,
  email: null,
  phone: null,
  first: null,
  last: null,
  full: null,
  postal: null,
  country: null,
});

export function resetFindings(f: RecordFindings): void {
  f.mask = 0;
  f.email = f.phone = f.first = f.last = f.full = f.postal = f.country = null;
}

const roleBit: Readonly<Record<Role, number>> = Object.fromEntries(
  Object.entries(roleDataType).map(([role, type]) => [role, type ? typeBit[type] : 0]),
) as Record<Role, number>;

/**
 * Adds one cell of a classified column to the record's findings. `validate` is the role's per-cell
 * validator: a value that fails it (a Luhn-failing number in a card column, a city in an address column)
 * adds nothing.
 */
export function applyCell(role: Role, validate: ((v: string) => boolean) | null, value: string, f: RecordFindings): void {
  if (validate !== null && !validate(value)) return;
  // A hashed value in a "password" column is a hash, not a plain password.
  if (role === 'password_plain' && isPasswordHash(value, { hexAllowed: true })) {
    f.mask |= typeBit.password_hash;
    return;
  }
  f.mask |= roleBit[role];
  switch (role) {
    case 'email':
      f.email ??= value;
      break;
    case 'phone':
      f.phone ??= value;
      break;
    case 'first_name':
      f.first ??= value;
      break;
    case 'last_name':
      f.last ??= value;
      break;
    case 'full_name':
      f.full ??= value;
      break;
    case 'postal_code':
      f.postal ??= value;
      break;
    case 'country':
      f.country ??= value.trim().toUpperCase();
      break;
    default:
  }
}

// Characters of an address around the @ (ASCII only), as lookup tables instead of a regex per character.
const EMAIL_LOCAL = asciiTable("A-Za-z0-9._%+-!#$&'*/=?^`{|}~");
const EMAIL_DOMAIN = asciiTable('A-Za-z0-9.-');

function asciiTable(spec: string): Uint8Array {
  const t = new Uint8Array(128);
  for (let i = 0; i < spec.length; i++) {
    if (spec[i + 1] === '-' && i + 2 < spec.length) {
      for (let c = spec.charCodeAt(i); c <= spec.charCodeAt(i + 2); c++) t[c] = 1;
      i += 2;
    } else t[spec.charCodeAt(i)] = 1;
  }
  return t;
}
const inTable = (t: Uint8Array, c: number) => c < 128 && t[c] === 1;

function scanEmails(line: string, f: RecordFindings): void {
  let at = line.indexOf('@');
  while (at !== -1) {
    let s = at;
    while (s > 0 && inTable(EMAIL_LOCAL, line.charCodeAt(s - 1))) s--;
    let e = at + 1;
    while (e < line.length && inTable(EMAIL_DOMAIN, line.charCodeAt(e))) e++;
    while (e > at + 1 && line[e - 1] === '.') e--;
    // A key=value or "mailto:" prefix can glue onto the local part in logs; keep the address after it.
    let candidate = line.slice(s, e);
    const eq = candidate.lastIndexOf('=', at - s);
    if (eq !== -1) candidate = candidate.slice(eq + 1);
    if (isEmail(candidate)) {
      f.mask |= typeBit.email;
      f.email ??= candidate;
    }
    at = line.indexOf('@', e);
  }
}

const keyValuePattern =
  /(?:^|[\s,;&|{?("'[])"?([A-Za-z][\w.-]{0,40})"?\s*[=:]\s*(?:"([^"]*)"|'([^']*)'|([^,;&|"'\s=]*(?:\s(?![\w.-]+\s*[=:])[^,;&|"'\s=:]+)*))/g;
const keyRoleCache = new Map<string, Role | null>();

function keyRole(key: string): Role | null {
  let role = keyRoleCache.get(key);
  if (role === undefined) {
    const r = headerRole(key);
    role = r && keyValueRoles.has(r) ? r : null;
    if (keyRoleCache.size < 10_000) keyRoleCache.set(key, role);
  }
  return role;
}

const isKeyChar = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45;

/**
 * Whether `keyValuePattern` could find a key with a role in the line. Its key is always the whole run of
 * [\w.-] characters before an optional quote, white space and the = or :, so when no such run names a
 * role the pattern would apply nothing and is not run (most log lines: `status=200`, `took 12ms`, times).
 * Anything unusual (a non-ASCII space, a very long run) counts as a possible key.
 */
function mayHaveRoleKey(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 61 && c !== 58) continue;
    let k = i - 1;
    while (k >= 0) {
      const d = line.charCodeAt(k);
      if (d === 32 || (d >= 9 && d <= 13)) k--;
      else if (d > 127) return true;
      else break;
    }
    if (k >= 0 && line.charCodeAt(k) === 34) k--;
    const end = k + 1;
    while (k >= 0 && isKeyChar(line.charCodeAt(k))) k--;
    const start = k + 1;
    if (end === start) continue;
    const first = line.charCodeAt(start);
    if (!((first >= 97 && first <= 122) || (first >= 65 && first <= 90))) continue;
    if (end - start > 41 || keyRole(line.slice(start, end)) !== null) return true;
  }
  return false;
}

function scanKeyValues(line: string, f: RecordFindings): void {
  if (!mayHaveRoleKey(line)) return;
  keyValuePattern.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = keyValuePattern.exec(line)) !== null) {
    const role = keyRole(m[1]!);
    const value = (m[2] ?? m[3] ?? m[4] ?? '').trim();
    if (!role || !value) continue;
    applyCell(role, roleValidators[role] ?? null, value, f);
  }
}

const dobContext = /(?:dob|birth|born|geburt|naissance|nacimiento|nascimento)\W{0,3}(?:date)?\W{0,3}$/i;
const phoneContext = /(?:phone|tel|mobile|cell|handy|fax)\w*\W{0,3}$/i;
const ssnContext = /(?:ssn|social security(?: number)?)\W{0,3}$/i;

function tryCardsIn(groups: string[], f: RecordFindings): boolean {
  for (let i = 0; i < groups.length; i++) {
    let acc = '';
    for (let j = i; j < groups.length; j++) {
      acc += groups[j];
      if (acc.length > 19) break;
      if (acc.length >= 12 && isCardPan(acc)) {
        f.mask |= typeBit.card_pan;
        return true;
      }
    }
  }
  return false;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
// Separators inside a number run: space . - /
const isRunSeparator = (c: number) => c === 32 || c === 46 || c === 45 || c === 47;

/**
 * Number runs: an optional +, digits, and single separators (space . - /) between digits, as the pattern
 * `\+?\d(?:[ .\-/]?\d)*` (global, greedy) finds them, but by a character loop so that the many short runs
 * of a log line (times, counters) cost no match objects. Runs of 7 characters or more are examined.
 */
function scanNumbers(line: string, f: RecordFindings): void {
  const n = line.length;
  let i = 0;
  while (i < n) {
    const c = line.charCodeAt(i);
    let start: number;
    if (isDigit(c)) start = i++;
    else if (c === 43 && i + 1 < n && isDigit(line.charCodeAt(i + 1))) {
      start = i;
      i += 2;
    } else {
      i++;
      continue;
    }
    for (;;) {
      if (i < n && isDigit(line.charCodeAt(i))) i++;
      else if (i + 1 < n && isRunSeparator(line.charCodeAt(i)) && isDigit(line.charCodeAt(i + 1))) i += 2;
      else break;
    }
    if (i - start >= 7) examineRun(line, line.slice(start, i), start, f);
  }
}

function examineRun(line: string, run: string, start: number, f: RecordFindings): void {
  // Each space-separated segment on its own: IPv4, SSN, dates.
  let offset = 0;
  for (const seg of run.indexOf(' ') === -1 ? [run] : run.split(' ')) {
    const segStart = start + offset;
    offset += seg.length + 1;
    if (seg.length < 7) continue;
    if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(seg)) {
      if (isIpAddress(seg) && !looksLikeVersion(line, segStart, segStart + seg.length)) f.mask |= typeBit.ip_address;
    } else if (/^\d{3}-\d{2}-\d{4}$/.test(seg)) {
      if (isSsn(seg)) f.mask |= typeBit.ssn;
    } else if (/^\d{9}$/.test(seg) && ssnContext.test(line.slice(Math.max(0, segStart - 30), segStart))) {
      if (isSsn(seg, { bareDigits: true })) f.mask |= typeBit.ssn;
    } else if (/^\d{1,4}[-./]\d{1,2}[-./]\d{1,4}$/.test(seg) && dobContext.test(line.slice(Math.max(0, segStart - 30), segStart))) {
      // A date counts as a birth date only when the text says so; logs are full of timestamps.
      const next = line.charCodeAt(segStart + seg.length);
      if (next !== 84 && next !== 58 && isDateOfBirth(seg)) f.mask |= typeBit.date_of_birth;
    }
  }
  let digitCount = 0;
  let dot = false;
  let slash = false;
  for (let k = 0; k < run.length; k++) {
    const c = run.charCodeAt(k);
    if (isDigit(c)) digitCount++;
    else if (c === 46) dot = true;
    else if (c === 47) slash = true;
  }
  if (digitCount >= 12 && !dot && tryCardsIn(run.split(/[ \-/]/), f)) return;
  if (digitCount >= 7 && digitCount <= 15 && !slash) {
    if (run.charCodeAt(0) === 43 || phoneContext.test(line.slice(Math.max(0, start - 30), start))) {
      if (isPhoneLike(run)) {
        f.mask |= typeBit.phone;
        f.phone ??= run;
      }
    }
  }
}

const ibanCandidate = /\b([A-Z]{2})(\d{2})((?: ?[A-Z0-9]{1,4}){2,8})/g;

function scanIbans(line: string, f: RecordFindings): void {
  ibanCandidate.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ibanCandidate.exec(line)) !== null) {
    const length = ibanLengths[m[1]!];
    if (!length) continue;
    const compact = m[0].replace(/ /g, '');
    if (compact.length >= length && isIban(compact.slice(0, length))) f.mask |= typeBit.iban;
  }
}

const hashPattern = /\$(?:2[abxy]?|argon2(?:id|i|d)|[156]|scrypt|7|pbkdf2[\w-]*)\$[^\s"',;]+/g;
const maskPattern = /(?:[*xX•#]{4}[\s-]?){1,3}\d{4}(?!\d)/g;

/** Scans one line of free text into `f` (the caller resets it). */
export function scanText(line: string, f: RecordFindings): void {
  if (line.length < 6) return;
  if (line.indexOf('@') !== -1) scanEmails(line, f);
  if (line.indexOf('=') !== -1 || line.indexOf(':') !== -1) scanKeyValues(line, f);
  if (/\d/.test(line)) {
    scanNumbers(line, f);
    if (/[A-Z]{2}\d{2}/.test(line)) scanIbans(line, f);
    if (line.indexOf('$') !== -1) {
      hashPattern.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = hashPattern.exec(line)) !== null) if (isPasswordHash(m[0])) f.mask |= typeBit.password_hash;
    }
    if (/[*xX•#]{4}/.test(line)) {
      maskPattern.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = maskPattern.exec(line)) !== null) if (isCardLast4(m[0])) f.mask |= typeBit.card_last4;
    }
  }
}
