/**
 * A customer's jurisdiction from the country and state/province columns of the customer master: ISO
 * 3166-1 alpha-2 (`DE`) or, when the subdivision is known, ISO 3166-2 (`US-CA`, `CA-QC`), as the
 * obligations rules name them. Country and subdivision codes and English names come from the `iso-3166`
 * package (ISO 3166-1 and ISO 3166-2 as published by ISO, kept by wooorm); common variants
 * ("USA", "U.S.", "UK", "Deutschland", French province names) are listed here. Only exact matches count:
 * an unknown or ambiguous value never becomes a guessed subdivision, the country alone is kept instead.
 */
import { iso31661, iso31661Alpha3ToAlpha2, iso31662 } from 'iso-3166';

/** Lower case, accents and punctuation removed, spaces collapsed: "U.S.A." → "usa", "Québec" → "quebec". */
export function normalizePlaceName(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[.'’]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^the /, '');
}

const alpha2 = new Set(iso31661.map((c) => c.alpha2));

// Variants people type for a country, beyond the ISO short names (normalized form → alpha-2).
const countryAliases: Readonly<Record<string, string>> = {
  us: 'US',
  usa: 'US',
  'u s': 'US',
  'u s a': 'US',
  'united states': 'US',
  america: 'US',
  uk: 'GB',
  'united kingdom': 'GB',
  'great britain': 'GB',
  britain: 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  deutschland: 'DE',
  'bundesrepublik deutschland': 'DE',
  osterreich: 'AT',
  schweiz: 'CH',
  suisse: 'CH',
  svizzera: 'CH',
  espana: 'ES',
  italia: 'IT',
  nederland: 'NL',
  netherlands: 'NL',
  holland: 'NL',
  belgique: 'BE',
  belgie: 'BE',
  polska: 'PL',
  sverige: 'SE',
  norge: 'NO',
  danmark: 'DK',
  suomi: 'FI',
  eire: 'IE',
  brasil: 'BR',
  'south korea': 'KR',
  'republic of korea': 'KR',
  'north korea': 'KP',
  russia: 'RU',
  iran: 'IR',
  vietnam: 'VN',
  'czech republic': 'CZ',
  turkey: 'TR',
  turkiye: 'TR',
  taiwan: 'TW',
  tanzania: 'TZ',
  syria: 'SY',
  laos: 'LA',
  moldova: 'MD',
  macedonia: 'MK',
  bolivia: 'BO',
  venezuela: 'VE',
  'us virgin islands': 'VI',
  'british virgin islands': 'VG',
  uae: 'AE',
};

// The ISO names, plus the part before a comma or parenthesis ("Korea, Republic of" → "korea") when only one country has it.
const countryNames: Map<string, string> = (() => {
  const names = new Map<string, string>();
  const short = new Map<string, string | null>();
  for (const c of iso31661) {
    names.set(normalizePlaceName(c.name), c.alpha2);
    const head = normalizePlaceName(c.name.split(/[,(]/)[0]!);
    if (head && head !== normalizePlaceName(c.name)) short.set(head, short.has(head) ? null : c.alpha2);
  }
  for (const [head, code] of short) if (code && !names.has(head)) names.set(head, code);
  for (const [alias, code] of Object.entries(countryAliases)) names.set(alias, code);
  return names;
})();

/** ISO 3166-1 alpha-2 code of a country given as alpha-2, alpha-3 or English (or common local) name; null when unknown. */
export function countryCode(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const v = raw.trim();
  if (!v) return null;
  const upper = v.toUpperCase();
  if (upper.length === 2 && alpha2.has(upper)) return upper;
  if (upper === 'UK') return 'GB';
  if (upper.length === 3 && /^[A-Z]{3}$/.test(upper)) {
    const a2 = (iso31661Alpha3ToAlpha2 as Record<string, string | undefined>)[upper];
    if (a2) return a2;
  }
  return countryNames.get(normalizePlaceName(v)) ?? null;
}

// US territories have their own ISO 3166-1 codes and are also ISO 3166-2 subdivisions of the US; the US
// state-law rules name them as US-PR, US-GU…, so a customer in Puerto Rico is in US-PR either way.
const usTerritories: ReadonlySet<string> = new Set(['PR', 'GU', 'VI', 'AS', 'MP', 'UM']);

const subdivisionCodes: ReadonlySet<string> = new Set(iso31662.map((s) => s.code));

// Names people use that are not ISO's English name (normalized → ISO 3166-2).
const subdivisionAliases: Readonly<Record<string, Record<string, string>>> = {
  US: {
    'washington dc': 'US-DC',
    'washington d c': 'US-DC',
    dc: 'US-DC',
    'd c': 'US-DC',
    'us virgin islands': 'US-VI',
    'virgin islands': 'US-VI',
    'northern mariana islands': 'US-MP',
  },
  CA: {
    quebec: 'CA-QC',
    'colombie britannique': 'CA-BC',
    'nouvelle ecosse': 'CA-NS',
    'nouveau brunswick': 'CA-NB',
    'terre neuve et labrador': 'CA-NL',
    newfoundland: 'CA-NL',
    'ile du prince edouard': 'CA-PE',
    pei: 'CA-PE',
    'territoires du nord ouest': 'CA-NT',
    'yukon territory': 'CA-YT',
  },
  AU: { 'australian capital territory': 'AU-ACT' },
};

/** Per country: normalized subdivision name → code, or null when two subdivisions share the name (never guessed). */
const subdivisionNames: Map<string, Map<string, string | null>> = (() => {
  const byCountry = new Map<string, Map<string, string | null>>();
  for (const s of iso31662) {
    const cc = s.code.slice(0, 2);
    let names = byCountry.get(cc);
    if (!names) byCountry.set(cc, (names = new Map<string, string | null>()));
    const key = normalizePlaceName(s.name);
    names.set(key, names.has(key) && names.get(key) !== s.code ? null : s.code);
  }
  for (const [cc, aliases] of Object.entries(subdivisionAliases)) {
    const names = byCountry.get(cc)!;
    for (const [alias, code] of Object.entries(aliases)) names.set(alias, code);
  }
  return byCountry;
})();

/** ISO 3166-2 code of a state/province within `country` (alpha-2), from a code ("CA", "US-CA") or a name ("California"). */
export function subdivisionCode(country: string | null, raw: string | null | undefined): string | null {
  if (!raw) return null;
  const v = raw.trim();
  if (!v) return null;
  const upper = v.toUpperCase().replace(/\s+/g, '');
  // Already in CC-XXX form: accepted when it exists and agrees with the country (if one is known).
  const full = /^([A-Z]{2})-([A-Z0-9]{1,3})$/.exec(upper);
  if (full) {
    if (!subdivisionCodes.has(upper)) return null;
    if (country && full[1] !== country && !(full[1] === 'US' && usTerritories.has(country))) return null;
    return upper;
  }
  if (!country) return null;
  const cc = usTerritories.has(country) ? 'US' : country;
  if (/^[A-Z0-9]{1,3}$/.test(upper) && subdivisionCodes.has(`${cc}-${upper}`)) return `${cc}-${upper}`;
  return subdivisionNames.get(cc)?.get(normalizePlaceName(v)) ?? null;
}

export interface Jurisdiction {
  /** ISO 3166-1 alpha-2, or null when the country is missing or unknown. */
  country: string | null;
  /** ISO 3166-2 code of the subdivision, or null. */
  region: string | null;
  /** The subdivision's code, else the country's, else "unknown". */
  jurisdiction: string;
}

/** Jurisdiction of a person from the raw country and state/province values of the customer master. */
export function deriveJurisdiction(rawCountry: string | null | undefined, rawRegion: string | null | undefined): Jurisdiction {
  let country = countryCode(rawCountry);
  // A territory given as the country: the subdivision of the US the rules use.
  if (country && usTerritories.has(country)) return { country: 'US', region: `US-${country}`, jurisdiction: `US-${country}` };
  const region = subdivisionCode(country, rawRegion);
  if (region && !country) country = region.slice(0, 2);
  return { country, region, jurisdiction: region ?? country ?? 'unknown' };
}
