/**
 * Matching a leak record to the customer master. Rules, strongest first: email (trimmed, case-insensitive;
 * confidence 1), phone in E.164 or national form plus last name (0.9), full name plus postal code (0.8).
 * A rule that finds more than one customer, or one customer whose other fields contradict the record,
 * sends the record to review instead of guessing: two people who share a name are never merged.
 */
import { type CustomerIndex, personNameKey, phoneKeys } from './customer-index.js';
import type { RecordFindings } from '../detect/record-findings.js';
import type { MatchRule } from '../types.js';
import { digitsOf, isEmail, normalizeEmail, normalizeName, normalizePostalCode } from '../detect/validators.js';

export type MatchOutcome =
  | { kind: 'match'; customer: number; rule: MatchRule }
  | { kind: 'review'; rule: MatchRule; reason: string; candidates: readonly number[] }
  | { kind: 'none' };

const none: MatchOutcome = { kind: 'none' };

/** Creates the match function for one customer index. A `match` outcome is reused: read it before the next call. */
export function createMatcher(index: CustomerIndex) {
  const hit = { kind: 'match' as const, customer: 0, rule: 'email' as MatchRule };
  const matched = (customer: number, rule: MatchRule): MatchOutcome => {
    hit.customer = customer;
    hit.rule = rule;
    return hit;
  };
  const countryOf = (f: RecordFindings) => (f.country && /^[A-Z]{2}$/.test(f.country) ? f.country : null);
  const hits: number[] = [];
  const more: number[] = [];

  function emailConflict(f: RecordFindings, c: number): boolean {
    if (!f.email || !isEmail(f.email)) return false;
    return index.hasEmail(c) && !index.emailIs(c, normalizeEmail(f.email));
  }

  function phoneConflict(f: RecordFindings, c: number): boolean {
    const known = index.phoneOf(c);
    if (!f.phone || !known) return false;
    const keys = phoneKeys(f.phone, countryOf(f));
    if (keys.e164) return keys.e164 !== known;
    return keys.national !== null && !known.endsWith(keys.national);
  }

  return function match(f: RecordFindings): MatchOutcome {
    if (f.email) {
      const n = index.findEmail(normalizeEmail(f.email), hits);
      if (n === 1) return matched(hits[0]!, 'email');
      if (n > 1) {
        // A shared mailbox (a family, a company): the name picks the person, or a person decides.
        const nk = personNameKey(f.full, f.first, f.last);
        const named = nk ? hits.filter((i) => index.nameIs(i, nk)) : [];
        if (named.length === 1) return matched(named[0]!, 'email');
        return {
          kind: 'review',
          rule: 'email',
          reason: 'several customers share this email address',
          candidates: named.length ? named : [...hits],
        };
      }
    }

    if (f.phone) {
      const keys = phoneKeys(f.phone, countryOf(f));
      const candidates = new Set<number>();
      if (keys.e164) for (let k = 0, n = index.findE164(keys.e164, more); k < n; k++) candidates.add(more[k]!);
      if (keys.national) for (let k = 0, n = index.findNational(keys.national, more); k < n; k++) candidates.add(more[k]!);
      if (!keys.e164 && !f.phone.trim().startsWith('0')) {
        const digits = digitsOf(f.phone);
        if (digits.length >= 10) for (let k = 0, n = index.findE164(`+${digits}`, more); k < n; k++) candidates.add(more[k]!);
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
          const named = [...candidates].filter((i) => {
            const ln = index.lastNameOf(i);
            return ln ? ln.split(' ').every((t) => tokens.has(t)) : false;
          });
          if (named.length === 1) {
            const c = named[0]!;
            if (emailConflict(f, c))
              return {
                kind: 'review',
                rule: 'phone_last_name',
                reason: 'phone and last name match but the email address differs',
                candidates: named,
              };
            return matched(c, 'phone_last_name');
          }
          if (named.length > 1)
            return {
              kind: 'review',
              rule: 'phone_last_name',
              reason: 'several customers share this phone number and last name',
              candidates: named,
            };
        }
      }
    }

    if (f.postal) {
      const nk = personNameKey(f.full, f.first, f.last);
      if (nk) {
        const n = index.findNamePostal(nk, normalizePostalCode(f.postal), hits);
        if (n === 1) {
          const c = hits[0]!;
          if (emailConflict(f, c) || phoneConflict(f, c))
            return {
              kind: 'review',
              rule: 'name_postal_code',
              reason: 'name and postal code match but the email or phone differs',
              candidates: [c],
            };
          return matched(c, 'name_postal_code');
        }
        if (n > 1)
          return {
            kind: 'review',
            rule: 'name_postal_code',
            reason: 'several customers share this name and postal code',
            candidates: [...hits],
          };
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
  if (nk && index.hasName(c)) {
    compared++;
    if (index.nameIs(c, nk)) agreed++;
  }
  if (f.postal && index.hasPostal(c)) {
    compared++;
    if (index.postalIs(c, normalizePostalCode(f.postal))) agreed++;
  }
  if (f.email && index.hasEmail(c)) {
    compared++;
    if (index.emailIs(c, normalizeEmail(f.email))) agreed++;
  }
  const known = f.phone ? index.phoneOf(c) : null;
  if (f.phone && known) {
    const keys = phoneKeys(f.phone, f.country && /^[A-Z]{2}$/.test(f.country) ? f.country : null);
    if (keys.e164 || keys.national) {
      compared++;
      if (keys.e164 ? keys.e164 === known : known.endsWith(keys.national!)) agreed++;
    }
  }
  return { compared, agreed };
}
