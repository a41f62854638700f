import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ibanChecksumValid,
  ibanLengths,
  isCardExpiry,
  isCardLast4,
  isCardPan,
  isDateOfBirth,
  isEmail,
  isIban,
  isIpAddress,
  isPasswordHash,
  isPersonName,
  isPhoneLike,
  isSsn,
  isStreetAddress,
  looksLikeVersion,
  luhnValid,
  normalizeName,
  normalizePhone,
  testCardNumbers,
} from './validators.js';

/** Appends the Luhn check digit to a digit string. */
export function withLuhnDigit(body: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(body + d)) return body + d;
  throw new Error('unreachable');
}

/** Computes the two IBAN check digits for a country and BBAN. */
export function makeIban(country: string, bban: string): string {
  for (let c = 2; c <= 98; c++) {
    const candidate = `${country}${String(c).padStart(2, '0')}${bban}`;
    if (ibanChecksumValid(candidate)) return candidate;
  }
  throw new Error('unreachable');
}

const digitString = (min: number, max: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((a) => a.join(''));

describe('card_pan', () => {
  it('accepts Luhn-valid numbers with real issuer prefixes, grouped or not', () => {
    fc.assert(
      fc.property(digitString(14, 14), fc.constantFrom('', ' ', '-'), (body, sep) => {
        const pan = withLuhnDigit(`4${body}`);
        fc.pre(!/(\d)\1{7}/.test(pan) && !testCardNumbers.has(pan));
        const grouped = pan.match(/.{1,4}/g)!.join(sep);
        expect(isCardPan(grouped)).toBe(true);
      }),
    );
  });

  it('rejects any single-digit change (Luhn catches every one)', () => {
    fc.assert(
      fc.property(digitString(14, 14), fc.integer({ min: 0, max: 15 }), fc.integer({ min: 1, max: 9 }), (body, pos, delta) => {
        const pan = withLuhnDigit(`5${(Number(body[0]) % 5) + 1}${body.slice(1)}`);
        const changed = pan.slice(0, pos) + ((Number(pan[pos]) + delta) % 10) + pan.slice(pos + 1);
        expect(isCardPan(changed)).toBe(false);
      }),
    );
  });

  it('rejects published test numbers, unknown prefixes, wrong lengths and letters', () => {
    for (const n of [
      '4111111111111111',
      '4242424242424242',
      '5555555555554444',
      '378282246310005',
      '6011111111111117',
      '4111 1111 1111 1111',
    ])
      expect(isCardPan(n)).toBe(false);
    expect(isCardPan(withLuhnDigit('999912345678901'))).toBe(false); // 9 is no issuer
    expect(isCardPan(withLuhnDigit('37123456789012'))).toBe(true); // Amex 15 digits
    expect(isCardPan(withLuhnDigit('378282246310001'))).toBe(false); // Amex with 16 digits
    expect(isCardPan('4539 1488 0343 646a')).toBe(false);
  });
});

describe('iban', () => {
  it('accepts any BBAN with correct check digits and rejects every single-character change', () => {
    const countries = Object.keys(ibanLengths);
    fc.assert(
      fc.property(
        fc.constantFrom(...countries),
        fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 40, maxLength: 40 }),
        fc.nat(),
        (cc, raw, p) => {
          const iban = makeIban(cc, raw.slice(0, ibanLengths[cc]! - 4));
          expect(isIban(iban)).toBe(true);
          expect(isIban(iban.match(/.{1,4}/g)!.join(' '))).toBe(true);
          const pos = 4 + (p % (iban.length - 4));
          const changed = iban.slice(0, pos) + ((Number(iban[pos]) + 1) % 10) + iban.slice(pos + 1);
          expect(isIban(changed)).toBe(false);
        },
      ),
    );
  });

  it('rejects wrong country lengths and documentation examples', () => {
    expect(isIban('DE89370400440532013000')).toBe(false);
    expect(isIban(makeIban('DE', '3704004405320130001'))).toBe(false); // 23 characters for DE
    expect(isIban(makeIban('ZZ', '370400440532013000'))).toBe(false);
  });
});

describe('ssn', () => {
  it('follows the issuance rules for area, group and serial', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 9999 }), (a, g, s) => {
        const ssn = `${String(a).padStart(3, '0')}-${String(g).padStart(2, '0')}-${String(s).padStart(4, '0')}`;
        const digits = ssn.replace(/-/g, '');
        const expected =
          a !== 0 &&
          a !== 666 &&
          a < 900 &&
          g !== 0 &&
          s !== 0 &&
          !['078051120', '123456789', '219099999'].includes(digits) &&
          !/^(\d)\1{8}$/.test(digits);
        if (['457555462', '002281852', '042103580', '062360749'].includes(digits)) return;
        expect(isSsn(ssn)).toBe(expected);
      }),
    );
  });

  it('takes bare nine digits only when the column says so', () => {
    expect(isSsn('536228765')).toBe(false);
    expect(isSsn('536228765', { bareDigits: true })).toBe(true);
    expect(isSsn('078-05-1120')).toBe(false);
    expect(isSsn('536-22 8765')).toBe(false);
  });
});

describe('email', () => {
  it('accepts generated addresses with alphabetic top-level domains', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (email) => {
        const tld = email.slice(email.lastIndexOf('.') + 1);
        fc.pre(/^[A-Za-z]{2,24}$/.test(tld) && email.split('@')[0]!.length <= 64);
        expect(isEmail(email)).toBe(true);
      }),
    );
  });

  it('rejects strings without exactly one @ and a dotted domain', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        if (!s.includes('@')) expect(isEmail(s)).toBe(false);
      }),
    );
    for (const bad of ['a@b', 'a@@b.com', '@b.com', 'a.@b.com', 'a@b.c0m', 'john doe@x.com']) expect(isEmail(bad)).toBe(false);
  });
});

describe('phone', () => {
  it('normalizes national and international forms to the same E.164 number', () => {
    expect(normalizePhone('+49 30 12345678')).toBe('+493012345678');
    expect(normalizePhone('0049 (30) 1234-5678')).toBe('+493012345678');
    expect(normalizePhone('030 12345678', 'DE')).toBe('+493012345678');
    expect(normalizePhone('(415) 555-2671', 'US')).toBe('+14155552671');
    expect(normalizePhone('06 12 34 56 78', 'FR')).toBe('+33612345678');
    expect(normalizePhone('030 12345678')).toBeNull(); // national form without a country
  });

  it('never accepts dates, version strings or too few digits', () => {
    for (const bad of ['2024-01-31', '31.01.2024', '01/31/2024', '1.2.3.4', '12345', '0000000000', 'call me'])
      expect(isPhoneLike(bad)).toBe(false);
  });

  it('round-trips any valid E.164 number through its international format', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999999 }), (n) => {
        const e164 = `+4915${String(n).padStart(9, '0')}`;
        const normalized = normalizePhone(e164);
        if (normalized) expect(normalizePhone(normalized)).toBe(normalized);
      }),
      { numRuns: 200 },
    );
  });
});

describe('card_last4, card_expiry', () => {
  it('recognizes masks that show only the last four digits', () => {
    for (const ok of ['**** **** **** 1234', 'XXXX-1234', '************1234', 'xxxx xxxx xxxx 9876', '•••• 4242', 'ending in 1234'])
      expect(isCardLast4(ok)).toBe(true);
    for (const bad of ['1234', '4539148803436467', '**** 12', 'abc 1234']) expect(isCardLast4(bad)).toBe(false);
    expect(isCardLast4('1234', { bareDigits: true })).toBe(true);
  });

  it('accepts MM/YY and MM/YYYY with real months and plausible years', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 1980, max: 2060 }), (m, y) => {
        const ok = m >= 1 && m <= 12 && y >= 1990 && y <= 2049;
        expect(isCardExpiry(`${String(m).padStart(2, '0')}/${y}`)).toBe(ok);
      }),
    );
    expect(isCardExpiry('09/27')).toBe(true);
    expect(isCardExpiry('13/27')).toBe(false);
  });
});

describe('ip_address', () => {
  it('accepts dotted quads with octets up to 255 and rejects larger ones', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 4, maxLength: 4 }), (octets) => {
        const ip = octets.join('.');
        const special = ip === '0.0.0.0' || ip === '255.255.255.255' || octets[0] === 127;
        expect(isIpAddress(ip)).toBe(octets.every((o) => o <= 255) && !special);
      }),
    );
    expect(isIpAddress('2001:db8:85a3::8a2e:370:7334')).toBe(true);
    expect(isIpAddress('12:34:56')).toBe(false);
    expect(isIpAddress('01.2.3.4')).toBe(false);
  });

  it('treats version and build contexts as versions', () => {
    const text = 'app v1.2.3.4 build 10.0.19041.1 from 203.0.113.9 and 1.2.3.4.5';
    const at = (s: string) => text.indexOf(s);
    expect(looksLikeVersion(text, at('1.2.3.4 '), at('1.2.3.4 ') + 7)).toBe(true);
    expect(looksLikeVersion(text, at('10.0.19041.1'), at('10.0.19041.1') + 12)).toBe(true);
    expect(looksLikeVersion(text, at('203.0.113.9'), at('203.0.113.9') + 11)).toBe(false);
    expect(looksLikeVersion(text, at('1.2.3.4.5'), at('1.2.3.4.5') + 7)).toBe(true);
  });
});

describe('date_of_birth', () => {
  it('accepts real calendar dates in common layouts and rejects timestamps', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2029-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString();
        const [y, m, day] = [iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10)];
        expect(isDateOfBirth(`${y}-${m}-${day}`)).toBe(true);
        expect(isDateOfBirth(`${day}.${m}.${y}`)).toBe(true);
        expect(isDateOfBirth(iso)).toBe(false);
        expect(isDateOfBirth(String(Math.floor(d.getTime() / 1000)))).toBe(false);
      }),
    );
    expect(isDateOfBirth('1985-02-30')).toBe(false);
    expect(isDateOfBirth('12 March 1980')).toBe(true);
    expect(isDateOfBirth('2024-01-31 12:00:00')).toBe(false);
  });
});

describe('password_hash, postal_address, name', () => {
  it('recognizes self-describing hashes always and hex digests only by column context', () => {
    expect(isPasswordHash('$2b$12$C6UzMDM.H6dfI/f/IKxGhuCIXxLyPzIWrdAd8AyXO8Fz5UNeGWX6O')).toBe(true);
    expect(isPasswordHash('$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG')).toBe(true);
    expect(isPasswordHash('5f4dcc3b5aa765d61d8327deb882cf99')).toBe(false);
    expect(isPasswordHash('5f4dcc3b5aa765d61d8327deb882cf99', { hexAllowed: true })).toBe(true);
    expect(isPasswordHash('hunter2hunter2hunter2', { hexAllowed: true })).toBe(false);
  });

  it('needs a house number and a street word for an address line', () => {
    for (const ok of ['12 Rue de la Paix', 'Hauptstr. 5', '350 Fifth Avenue', 'Kalverstraat 92', 'PO Box 17', 'Calle Mayor 3, 2º'])
      expect(isStreetAddress(ok)).toBe(true);
    for (const bad of ['Berlin', '75001', '75001 Paris', 'SW1A 1AA', 'Main Street']) expect(isStreetAddress(bad)).toBe(false);
  });

  it('normalizes names across case, accents, spacing and order', () => {
    expect(normalizeName('DOE,  Jöhn')).toBe(normalizeName('john doe'));
    expect(normalizeName('José  Núñez')).toBe('jose nunez');
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(normalizeName(normalizeName(s))).toBe(normalizeName(s));
      }),
    );
    expect(isPersonName('Zoë O’Brien-Smith')).toBe(true);
    expect(isPersonName('李小龙')).toBe(true);
    expect(isPersonName('R2D2')).toBe(false);
  });
});
