/**
 * Matching a leak record to the customer master. Rules, strongest first: email (trimmed, case-insensitive;
 * confidence 1), phone in E.164 or national form plus last name (0.9), full name plus postal code (0.8).
 * A rule that finds more than one customer, or one customer whose other fields contradict the record,
 * sends the record to review instead of guessing: two people who share a name are never merged.
 */
import { bucketValues, type CustomerIndex, personNameKey, phoneKeys } from './scoping.customers.js';
import type { RecordFindings } from './scoping.detect.js';
import type { MatchRule } from './scoping.types.js';
import { digitsOf, isEmail, normalizeEmail, normalizeName, normalizePostalCode } from './scoping.validators.js';

export type MatchOutcome =
  | { kind: 'match'; customer: number; rule: MatchRule }
  | { kind: 'review'; rule: MatchRule; reason: string; candidates: readonly number[] }
  | { kind: 'none' };

const none: MatchOutcome = { kind: 'none' };

/**
 * `map.get` for a large string-keyed map, built once: open addressing over an Int32Array of
 * (hash, entry, key offset, key length) slots with the keys in one string. A lookup reads one slot line
 * and, on a hash hit, one stretch of the key pool, where a 100,000-entry `Map` touches its bucket array,
 * its entry table and the scattered key strings: that memory latency was most of the time per record.
 * Exact: a hit is confirmed character by character. A snapshot: later changes to `map` are not seen.
 */
export function compactStringMap<V>(map: ReadonlyMap<string, V>): CompactStringMap<V> {
  let cap = 16;
  while (cap < map.size * 2) cap <<= 1;
  const mask = cap - 1;
  const slots = new Int32Array(cap * 4).fill(-1);
  const values: V[] = [];
  const keys: string[] = [];
  let offset = 0;
  for (const [key, value] of map) {
    const h = hashFinish(hashString(FNV_OFFSET, key));
    let p = h & mask;
    while (slots[p * 4 + 1] !== -1) p = (p + 1) & mask;
    slots[p * 4] = h;
    slots[p * 4 + 1] = values.length;
    slots[p * 4 + 2] = offset;
    slots[p * 4 + 3] = key.length;
    values.push(value);
    keys.push(key);
    offset += key.length;
  }
  const pool = keys.join('');
  const samePart = (at: number, s: string) => {
    let i = 0;
    while (i < s.length && pool.charCodeAt(at + i) === s.charCodeAt(i)) i++;
    return i === s.length;
  };
  /** The entry whose key is `a + sep + b` (`sep` one character; `b` may be empty with `sep` '' for plain keys). */
  const find = (h: number, a: string, sep: string, b: string) => {
    const n = a.length + sep.length + b.length;
    let p = h & mask;
    for (;;) {
      const q = p * 4;
      const entry = slots[q + 1]!;
      if (entry === -1) return undefined;
      if (slots[q] === h && slots[q + 3] === n) {
        const at = slots[q + 2]!;
        if (samePart(at, a) && samePart(at + a.length, sep) && samePart(at + a.length + sep.length, b)) return values[entry];
      }
      p = (p + 1) & mask;
    }
  };
  return {
    get: (key) => find(hashFinish(hashString(FNV_OFFSET, key)), key, '', ''),
    getJoined: (a, sep, b) => find(hashFinish(hashString(hashString(hashString(FNV_OFFSET, a), sep), b)), a, sep, b),
  };
}

export interface CompactStringMap<V> {
  get(key: string): V | undefined;
  /** `get(a + sep + b)` without building the key. */
  getJoined(a: string, sep: string, b: string): V | undefined;
}

const FNV_OFFSET = 0x811c9dc5 | 0;
/** Folds the high bits into the low ones, which pick the slot. */
const hashFinish = (h: number) => h ^ (h >>> 15);

/** FNV-1a over UTF-16 code units, continuing from `h`. */
function hashString(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/** Creates the match function for one customer index. */
export function createMatcher(index: CustomerIndex) {
  const byEmail = compactStringMap(index.byEmail);
  const byNamePostal = compactStringMap(index.byNamePostal);
  const countryOf = (f: RecordFindings) => (f.country && /^[A-Z]{2}$/.test(f.country) ? f.country : null);

  function emailConflict(f: RecordFindings, c: number): boolean {
    if (!f.email || !isEmail(f.email)) return false;
    const known = index.emails[c];
    return known !== null && known !== undefined && known !== normalizeEmail(f.email);
  }

  function phoneConflict(f: RecordFindings, c: number): boolean {
    const known = index.phones[c];
    if (!f.phone || !known) return false;
    const keys = phoneKeys(f.phone, countryOf(f));
    if (keys.e164) return keys.e164 !== known;
    return keys.national !== null && !known.endsWith(keys.national);
  }

  return function match(f: RecordFindings): MatchOutcome {
    if (f.email) {
      const b = byEmail.get(normalizeEmail(f.email));
      if (b !== undefined) {
        if (typeof b === 'number') return { kind: 'match', customer: b, rule: 'email' };
        // A shared mailbox (a family, a company): the name picks the person, or a person decides.
        const nk = personNameKey(f.full, f.first, f.last);
        const hits = nk ? b.filter((i) => index.names[i] === nk) : [];
        if (hits.length === 1) return { kind: 'match', customer: hits[0]!, rule: 'email' };
        return { kind: 'review', rule: 'email', reason: 'several customers share this email address', candidates: hits.length ? hits : b };
      }
    }

    if (f.phone) {
      const keys = phoneKeys(f.phone, countryOf(f));
      const candidates = new Set<number>();
      if (keys.e164) for (const i of bucketValues(index.byPhone.get(keys.e164))) candidates.add(i);
      if (keys.national) for (const i of bucketValues(index.byPhone.get(`n:${keys.national}`))) candidates.add(i);
      if (!keys.e164 && !f.phone.trim().startsWith('0')) {
        const digits = digitsOf(f.phone);
        if (digits.length >= 10) for (const i of bucketValues(index.byPhone.get(`+${digits}`))) candidates.add(i);
      }
      if (candidates.size > 0) {
        const nameSource = f.last ?? f.full;
        if (!nameSource) {
          if (!f.first)
            return {
              kind: 'review',
              rule: 'phone_last_name',
              reason: 'the phone number matches but the record has no last name to confirm it',
              candidates: [...candidates],
            };
        } else {
          const tokens = new Set(normalizeName(nameSource).split(' '));
          const hits = [...candidates].filter((i) => {
            const ln = index.lastNames[i];
            return ln ? ln.split(' ').every((t) => tokens.has(t)) : false;
          });
          if (hits.length === 1) {
            const c = hits[0]!;
            if (emailConflict(f, c))
              return {
                kind: 'review',
                rule: 'phone_last_name',
                reason: 'phone and last name match but the email address differs',
                candidates: hits,
              };
            return { kind: 'match', customer: c, rule: 'phone_last_name' };
          }
          if (hits.length > 1)
            return {
              kind: 'review',
              rule: 'phone_last_name',
              reason: 'several customers share this phone number and last name',
              candidates: hits,
            };
        }
      }
    }

    if (f.postal) {
      const nk = personNameKey(f.full, f.first, f.last);
      if (nk) {
        const b = bucketValues(byNamePostal.getJoined(nk, '|', normalizePostalCode(f.postal)));
        if (b.length === 1) {
          const c = b[0]!;
          if (emailConflict(f, c) || phoneConflict(f, c))
            return {
              kind: 'review',
              rule: 'name_postal_code',
              reason: 'name and postal code match but the email or phone differs',
              candidates: b,
            };
          return { kind: 'match', customer: c, rule: 'name_postal_code' };
        }
        if (b.length > 1)
          return { kind: 'review', rule: 'name_postal_code', reason: 'several customers share this name and postal code', candidates: b };
      }
    }
    return none;
  };
}

/** Share of comparable fields of a matched record that agree with the customer (authenticity signal). */
export function consistency(index: CustomerIndex, c: number, f: RecordFindings): { compared: number; agreed: number } {
  let compared = 0;
  let agreed = 0;
  const nk = personNameKey(f.full, f.first, f.last);
  if (nk && index.names[c]) {
    compared++;
    if (nk === index.names[c]) agreed++;
  }
  if (f.postal && index.postalCodes[c]) {
    compared++;
    if (normalizePostalCode(f.postal) === index.postalCodes[c]) agreed++;
  }
  if (f.email && index.emails[c]) {
    compared++;
    if (normalizeEmail(f.email) === index.emails[c]) agreed++;
  }
  if (f.phone && index.phones[c]) {
    const keys = phoneKeys(f.phone, f.country && /^[A-Z]{2}$/.test(f.country) ? f.country : null);
    if (keys.e164 || keys.national) {
      compared++;
      if (keys.e164 ? keys.e164 === index.phones[c] : index.phones[c].endsWith(keys.national!)) agreed++;
    }
  }
  return { compared, agreed };
}
