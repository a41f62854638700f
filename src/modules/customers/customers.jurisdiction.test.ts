import fc from 'fast-check';
import { iso31662 } from 'iso-3166';
import { describe, expect, it } from 'vitest';
import { countryCode, deriveJurisdiction, subdivisionCode } from './customers.jurisdiction.js';

const usStates = iso31662.filter((s) => s.parent === 'US');
const provinces = iso31662.filter((s) => s.parent === 'CA' || s.parent === 'AU');
const usCountry = ['US', 'us', 'USA', 'United States', 'United States of America', 'U.S.', 'U.S.A.', 'america'];

describe('countryCode', () => {
  it.each([
    ['DE', 'DE'],
    ['deu', 'DE'],
    ['Germany', 'DE'],
    ['Deutschland', 'DE'],
    ['UK', 'GB'],
    ['United Kingdom', 'GB'],
    ['GBR', 'GB'],
    ['Canada', 'CA'],
    ['CAN', 'CA'],
    ['France', 'FR'],
    ['Korea, Republic of', 'KR'],
    ['South Korea', 'KR'],
    ['Viet Nam', 'VN'],
    [' u.s. ', 'US'],
  ])('%s → %s', (raw, code) => expect(countryCode(raw)).toBe(code));

  it.each(['', 'Narnia', 'XX', 'ZZZ', 'Korea'])('%s is unknown (never guessed)', (raw) => expect(countryCode(raw)).toBeNull());
});

describe('deriveJurisdiction', () => {
  it('maps every US state, DC and territory by name and by code, with any spelling of the country', () => {
    fc.assert(
      fc.property(fc.constantFrom(...usStates), fc.constantFrom(...usCountry), fc.boolean(), fc.boolean(), (s, country, byName, lower) => {
        const region = byName ? s.name : s.code.slice(3);
        const j = deriveJurisdiction(country, lower ? region.toLowerCase() : region);
        expect(j).toEqual({ country: 'US', region: s.code, jurisdiction: s.code });
      }),
    );
  });

  it('maps Canadian provinces and Australian states by name and code, and CC-XXX codes as given', () => {
    fc.assert(
      fc.property(fc.constantFrom(...provinces), fc.constantFrom('name', 'code', 'full'), (s, form) => {
        const region = form === 'name' ? s.name : form === 'code' ? s.code.slice(3) : s.code;
        expect(deriveJurisdiction(s.parent, region).jurisdiction).toBe(s.code);
      }),
    );
  });

  it.each([
    ['Canada', 'Québec', 'CA-QC'],
    ['CA', 'QC', 'CA-QC'],
    ['Canada', 'Colombie-Britannique', 'CA-BC'],
    ['USA', 'Washington, D.C.', 'US-DC'],
    ['US', 'District of Columbia', 'US-DC'],
    ['Puerto Rico', '', 'US-PR'],
    ['PR', null, 'US-PR'],
    ['US', 'PR', 'US-PR'],
    ['Australia', 'NSW', 'AU-NSW'],
    ['DE', '', 'DE'],
    ['DE', 'Bayern', 'DE-BY'],
    [null, 'US-CA', 'US-CA'],
    ['US', 'Calif.', 'US'],
    ['US', 'XX', 'US'],
    ['US', 'CA-QC', 'US'],
    ['Narnia', 'Atlantis', 'unknown'],
    [null, 'California', 'unknown'],
    [null, 'CA', 'unknown'],
  ])('%s / %s → %s', (country, region, expected) => expect(deriveJurisdiction(country, region).jurisdiction).toBe(expected));

  it('never returns a subdivision of another country than the one given', () => {
    fc.assert(
      fc.property(fc.constantFrom('US', 'CA', 'AU', 'DE', 'GB', 'FR'), fc.string({ maxLength: 30 }), (country, region) => {
        const j = deriveJurisdiction(country, region);
        expect(j.jurisdiction === country || j.jurisdiction.startsWith(`${country}-`)).toBe(true);
        if (j.region) expect(subdivisionCode(country, region)).toBe(j.region);
      }),
    );
  });
});
