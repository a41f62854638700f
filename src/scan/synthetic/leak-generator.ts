/**
 * Seeded generator of realistic synthetic leaks with exact ground truth, for accuracy tests, benchmarks
 * and drills. It writes a customer master and a set of leaked files in the formats and messes seen in
 * real incidents (BOM, CRLF, quoted newlines, Windows-1252, UTF-16, gzip, zip, nested JSON, SQL dumps,
 * logs), and records for every customer exactly which data types a correct scan must report. Decoys are
 * mixed in: Luhn-failing and test card numbers, IBANs with bad checksums, never-issued SSNs, version
 * strings that look like IP addresses, timestamps, people who share a customer's name, non-customers.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateRawSync, gzipSync, crc32 } from 'node:zlib';
import examples from 'libphonenumber-js/examples.mobile.json';
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { DataType } from '../../contract/data-types.js';
import { ibanChecksumValid, ibanLengths, luhnValid } from '../detect/validators.js';

/** Deterministic PRNG (mulberry32): the same seed writes byte-identical files. */
export function createRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const digits = (n: number) => Array.from({ length: n }, () => int(0, 9)).join('');
  return { next, int, pick, digits, chance: (p: number) => next() < p };
}
type Random = ReturnType<typeof createRandom>;

interface CountryProfile {
  code: CountryCode;
  first: readonly string[];
  last: readonly string[];
  street: (r: Random) => string;
  postal: (r: Random) => string;
  cities: readonly string[];
  regions?: readonly string[];
}

const countries: readonly CountryProfile[] = [
  {
    code: 'DE',
    first: ['Jürgen', 'Anna', 'Lukas', 'Sophie', 'Maximilian', 'Leonie', 'Jörg', 'Marie', 'Björn', 'Hanna'],
    last: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schäfer', 'Koch', 'Groß'],
    street: (r) => `${r.pick(['Hauptstraße', 'Bahnhofstr.', 'Gartenweg', 'Lindenallee', 'Schillerplatz'])} ${r.int(1, 180)}`,
    postal: (r) => String(r.int(10115, 99998)),
    cities: ['Berlin', 'München', 'Köln', 'Hamburg', 'Düsseldorf'],
  },
  {
    code: 'FR',
    first: ['Élodie', 'François', 'Chloé', 'Jérôme', 'Camille', 'Théo', 'Inès', 'Gaëlle', 'Loïc', 'Margaux'],
    last: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Lefèvre', 'Moreau', 'Girard', 'Rousseau', 'Fournier', 'Lemaître'],
    street: (r) =>
      `${r.int(1, 120)} ${r.pick(['rue de la Paix', 'avenue Victor Hugo', 'boulevard Voltaire', 'chemin des Vignes', 'place Bellecour'])}`,
    postal: (r) => String(r.int(1000, 95999)).padStart(5, '0'),
    cities: ['Paris', 'Lyon', 'Marseille', 'Toulouse', 'Nantes'],
  },
  {
    code: 'ES',
    first: ['José', 'María', 'Lucía', 'Álvaro', 'Sofía', 'Martín', 'Paula', 'Iñigo', 'Nuria', 'Raúl'],
    last: ['García', 'Fernández', 'González', 'Rodríguez', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Núñez', 'Muñoz'],
    street: (r) => `Calle ${r.pick(['Mayor', 'de Alcalá', 'Serrano', 'del Sol', 'Gran Vía'])} ${r.int(1, 150)}`,
    postal: (r) => String(r.int(1001, 52080)).padStart(5, '0'),
    cities: ['Madrid', 'Barcelona', 'Sevilla', 'Valencia', 'Bilbao'],
  },
  {
    code: 'US',
    first: ['James', 'Mary', 'Robert', 'Patricia', 'Michael', 'Jennifer', 'DeShawn', 'Aaliyah', 'Connor', 'Mei'],
    last: ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', "O'Brien", 'Miller', 'Davis', 'Nguyen', 'Rodriguez'],
    street: (r) => `${r.int(10, 9999)} ${r.pick(['Main Street', 'Oak Avenue', 'Maple Drive', 'Sunset Blvd', 'Pine Lane', 'Elm Road'])}`,
    postal: (r) => String(r.int(10001, 99950)),
    cities: ['Springfield', 'Austin', 'Portland', 'Denver', 'Boston'],
    regions: ['CA', 'TX', 'NY', 'WA', 'MA', 'IL', 'FL'],
  },
  {
    code: 'GB',
    first: ['Oliver', 'Amelia', 'Harry', 'Isla', 'George', 'Ava', 'Siobhan', 'Rhys', 'Niamh', 'Alfie'],
    last: ['Taylor', 'Davies', 'Evans', 'Wilson', 'Roberts', 'Walker', 'Wright', 'Thompson', 'Hughes', 'Edwards'],
    street: (r) => `${r.int(1, 300)} ${r.pick(['High Street', 'Station Road', 'Church Lane', 'Victoria Road', 'Park Avenue'])}`,
    postal: (r) => `${r.pick(['SW1A', 'M1', 'B33', 'LS1', 'EH1', 'CF10'])} ${r.int(1, 9)}${r.pick(['AA', 'BD', 'XY', 'QT'])}`,
    cities: ['London', 'Manchester', 'Birmingham', 'Leeds', 'Edinburgh'],
  },
  {
    code: 'PL',
    first: ['Łukasz', 'Zofia', 'Paweł', 'Małgorzata', 'Wojciech', 'Agnieszka', 'Michał', 'Żaneta'],
    last: ['Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Kamiński', 'Lewandowski', 'Zieliński', 'Szymańska'],
    street: (r) => `ul. ${r.pick(['Marszałkowska', 'Długa', 'Piotrkowska', 'Floriańska'])} ${r.int(1, 99)}`,
    postal: (r) => `${r.int(0, 99).toString().padStart(2, '0')}-${r.int(1, 999).toString().padStart(3, '0')}`,
    cities: ['Warszawa', 'Kraków', 'Łódź', 'Gdańsk'],
  },
  {
    code: 'SE',
    first: ['Åsa', 'Björn', 'Linnéa', 'Göran', 'Elsa', 'Måns', 'Sölve', 'Ebba'],
    last: ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Öberg', 'Åkesson'],
    street: (r) => `${r.pick(['Storgatan', 'Kungsgatan', 'Drottninggatan', 'Sveavägen'])} ${r.int(1, 80)}`,
    postal: (r) => `${r.int(100, 984)} ${r.int(10, 99)}`,
    cities: ['Stockholm', 'Göteborg', 'Malmö', 'Uppsala'],
  },
  {
    code: 'JP',
    first: ['太郎', '花子', '翔', 'さくら', '健', '美咲'],
    last: ['山田', '佐藤', '鈴木', '高橋', '田中', '渡辺'],
    street: (r) => `${r.int(1, 9)}-${r.int(1, 30)}-${r.int(1, 20)} ${r.pick(['Sakura Street', 'Ginza Avenue', 'Chuo Road'])}`,
    postal: (r) => `${r.int(100, 999)}-${r.int(1000, 9999)}`,
    cities: ['東京', '大阪', '京都', '札幌'],
  },
  {
    code: 'BR',
    first: ['João', 'Ana', 'Luís', 'Beatriz', 'Gonçalo', 'Letícia', 'Thiago', 'Conceição'],
    last: ['Silva', 'Santos', 'Oliveira', 'Souza', 'Pereira', 'Lima', 'Gonçalves', 'Araújo'],
    street: (r) => `Rua ${r.pick(['das Flores', 'Augusta', 'da Consolação', 'XV de Novembro'])} ${r.int(1, 2000)}`,
    postal: (r) => `${r.int(10000, 99999)}-${r.int(100, 999)}`,
    cities: ['São Paulo', 'Rio de Janeiro', 'Belo Horizonte', 'Curitiba'],
  },
];

/** A synthetic person: a customer (with an id) or a non-customer who shows up in leaks. */
export interface Person {
  id: string | null;
  first: string;
  last: string;
  email: string;
  phoneE164: string;
  phoneNational: string;
  street: string;
  postal: string;
  city: string;
  country: CountryCode;
  region: string;
}

const asciiFold = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .replace(/[^A-Za-z0-9]/g, '')
    .toLowerCase();

function makePhone(r: Random, country: CountryCode): { e164: string; national: string } {
  const example = (examples as Record<string, string>)[country]!;
  for (let attempt = 0; attempt < 50; attempt++) {
    const national = example.slice(0, Math.max(2, example.length - 5)) + r.digits(Math.min(5, example.length - 2));
    const parsed = parsePhoneNumberFromString(national, country);
    if (parsed?.isValid()) return { e164: parsed.number, national: parsed.formatNational() };
  }
  const parsed = parsePhoneNumberFromString(example, country)!;
  return { e164: parsed.number, national: parsed.formatNational() };
}

function makePerson(r: Random, id: string | null, serial: number, like?: Person): Person {
  const p = like ? countries.find((c) => c.code === like.country)! : r.pick(countries);
  const first = like?.first ?? r.pick(p.first);
  const last = like?.last ?? r.pick(p.last);
  const phone = makePhone(r, p.code);
  const latinFirst = asciiFold(first) || `user${r.digits(3)}`;
  const latinLast = asciiFold(last) || `p${r.digits(3)}`;
  return {
    id,
    first,
    last,
    email: `${latinFirst}.${latinLast}${serial}@${r.pick(['mail.example.net', 'post.example.org', 'inbox.example.com', 'example.de'])}`,
    phoneE164: phone.e164,
    phoneNational: phone.national,
    street: p.street(r),
    postal: p.postal(r),
    city: r.pick(p.cities),
    country: p.code,
    region: p.regions ? r.pick(p.regions) : '',
  };
}

const testCards = ['4111111111111111', '4242424242424242', '5555555555554444', '378282246310005', '6011111111111117'];

function validPan(r: Random): string {
  for (;;) {
    const prefix = r.pick(['4', '51', '52', '53', '54', '55', '2221', '2720', '34', '37', '6011', '65', '3530']);
    const length = prefix === '34' || prefix === '37' ? 15 : 16;
    const body = prefix + r.digits(length - prefix.length - 1);
    for (let d = 0; d <= 9; d++) {
      const pan = body + d;
      if (luhnValid(pan) && !testCards.includes(pan) && !/(\d)\1{7}/.test(pan)) return pan;
    }
  }
}

function decoyPan(r: Random): string {
  if (r.chance(0.5)) return r.pick(testCards);
  const pan = validPan(r);
  const last = Number(pan[pan.length - 1]);
  return pan.slice(0, -1) + String((last + r.int(1, 9)) % 10); // Luhn now fails
}

function makeIban(r: Random, valid: boolean): string {
  const cc = r.pick(['DE', 'FR', 'ES', 'NL', 'IT', 'PL', 'SE', 'GB']);
  const bban =
    cc === 'GB' || cc === 'NL' ? r.pick(['ABNA', 'RABO', 'BARC', 'HSBC']) + r.digits(ibanLengths[cc]! - 8) : r.digits(ibanLengths[cc]! - 4);
  for (let c = 2; c <= 98; c++) {
    const iban = `${cc}${String(c).padStart(2, '0')}${bban}`;
    if (ibanChecksumValid(iban)) return valid ? iban : `${cc}${String(c === 98 ? 2 : c + 1).padStart(2, '0')}${bban}`;
  }
  return `${cc}00${bban}`;
}

function makeSsn(r: Random, valid: boolean): string {
  if (!valid)
    return r.pick([
      `666-${r.int(10, 99)}-${r.int(1000, 9999)}`,
      `000-${r.int(10, 99)}-${r.int(1000, 9999)}`,
      `9${r.int(10, 99)}-${r.int(10, 99)}-${r.int(1000, 9999)}`,
      '078-05-1120',
      '123-45-6789',
    ]);
  let area = r.int(1, 899);
  if (area === 666) area = 667;
  return `${String(area).padStart(3, '0')}-${String(r.int(1, 99)).padStart(2, '0')}-${String(r.int(1, 9999)).padStart(4, '0')}`;
}

const csvCell = (v: string, delim = ',') => (/[",\n\r;\t]/.test(v) || v.includes(delim) ? `"${v.replace(/"/g, '""')}"` : v);
const sqlString = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Minimal zip writer (deflate, no zip64) so fixtures need no extra dependency. */
export function writeZip(file: string, members: ReadonlyArray<{ name: string; data: Buffer }>): void {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const name = Buffer.from(m.name, 'utf8');
    const compressed = deflateRawSync(m.data);
    const crc = crc32(m.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(m.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(m.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(file, Buffer.concat([...locals, ...centrals, end]));
}

/** Windows-1252 encoding of text that only uses Latin-1 letters (the generator picks such rows for that file). */
const toLatin1 = (s: string) => Buffer.from(s, 'latin1');
const latin1Safe = (s: string) => [...s].every((c) => c.charCodeAt(0) <= 0xff);

export interface SyntheticLeak {
  customersFile: string;
  leakPaths: string[];
  /** Expected register: customer id → exact set of exposed data types. */
  expected: Map<string, Set<DataType>>;
  /** Customers that appear only in records a correct scan sends to review (same name and postal code). */
  expectedReview: Set<string>;
  customers: number;
  leakRecords: number;
}

/**
 * Writes the customer master and leaked files for `seed` into `dir`. `customers` sets the master size;
 * about 45 % of customers are affected.
 */
export function generateSyntheticLeak(dir: string, opts: { seed: number; customers: number }): SyntheticLeak {
  const r = createRandom(opts.seed);
  mkdirSync(dir, { recursive: true });
  const people: Person[] = [];
  for (let i = 0; i < opts.customers; i++) {
    const id = `C${String(100000 + i)}`;
    // Some customers share a name with an earlier customer: a different person, never to be merged.
    const twin = i > 10 && r.chance(0.04) ? people[r.int(0, i - 1)] : undefined;
    const p = makePerson(r, id, i, twin);
    // A few twins also share the postal code (same building): only a person can tell them apart.
    if (twin && r.chance(0.25)) p.postal = twin.postal;
    people.push(p);
  }
  const nonCustomers: Person[] = [];
  for (let i = 0; i < Math.ceil(opts.customers * 0.15); i++) {
    const like = r.chance(0.4) ? r.pick(people) : undefined;
    nonCustomers.push(makePerson(r, null, opts.customers + i, like));
  }
  const sharedNamePostal = new Set<string>();
  const byNamePostal = new Map<string, Person[]>();
  for (const p of people) {
    const key = `${asciiFold(p.first)}|${asciiFold(p.last)}|${p.postal.replace(/[\s-]/g, '').toUpperCase()}`;
    byNamePostal.set(key, [...(byNamePostal.get(key) ?? []), p]);
  }
  for (const list of byNamePostal.values()) if (list.length > 1) for (const p of list) sharedNamePostal.add(p.id!);

  const expected = new Map<string, Set<DataType>>();
  const reviewOnly = new Set<string>();
  const expose = (p: Person, types: DataType[], via: 'email' | 'phone' | 'name_postal') => {
    if (!p.id) return;
    if (via === 'name_postal' && sharedNamePostal.has(p.id)) {
      reviewOnly.add(p.id);
      return;
    }
    let set = expected.get(p.id);
    if (!set) expected.set(p.id, (set = new Set()));
    for (const t of types) set.add(t);
  };
  let leakRecords = 0;
  const pickLeaked = (share: number) => people.filter(() => r.chance(share));
  const messyEmail = (e: string) => r.pick([e, e.toUpperCase(), ` ${e} `, e.replace(/^./, (c) => c.toUpperCase())]);

  // Customer master: header names as a shop's export might have them.
  const master = ['Customer No,Given Name,Family Name,E-mail Address,Mobile,Street,ZIP,Town,State,Country'];
  for (const p of people)
    master.push(
      [
        p.id!,
        p.first,
        p.last,
        p.email,
        parsePhoneNumberFromString(p.phoneE164)!.formatInternational(),
        p.street,
        p.postal,
        p.city,
        p.region,
        p.country,
      ]
        .map((v) => csvCell(v))
        .join(','),
    );
  const customersFile = path.join(dir, 'customers.csv');
  writeFileSync(customersFile, master.join('\n') + '\n');
  const leakPaths: string[] = [];

  // 1. Orders export: BOM, CRLF, quoted notes with newlines; cards valid or decoys. Matched by email.
  {
    const rows = ['\uFEFForder_id,email,full_name,billing_street,city,zip,country,card_number,cvv,exp,ip_address,notes'];
    const add = (p: Person) => {
      const card = r.chance(0.7) ? validPan(r) : decoyPan(r);
      const cardValid = luhnValid(card) && !testCards.includes(card);
      const ip = r.chance(0.8) ? `${r.pick([r.int(11, 126), r.int(128, 223)])}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}` : '';
      const formatted = r.chance(0.5) ? card.replace(/(\d{4})(?=\d)/g, '$1 ') : card;
      const notes = r.chance(0.2) ? 'Please leave at the door.\nRing twice, "thanks"' : '';
      rows.push(
        [
          String(r.int(10000, 99999)),
          messyEmail(p.email),
          `${p.first} ${p.last}`,
          p.street,
          p.city,
          p.postal,
          p.country,
          formatted,
          r.digits(3),
          `${String(r.int(1, 12)).padStart(2, '0')}/${r.int(26, 31)}`,
          ip,
          notes,
        ]
          .map((v) => csvCell(v))
          .join(','),
      );
      leakRecords++;
      const types: DataType[] = ['email', 'name', 'postal_address', 'card_cvv', 'card_expiry'];
      if (cardValid) types.push('card_pan');
      if (ip) types.push('ip_address');
      expose(p, types, 'email');
    };
    for (const p of pickLeaked(0.2)) add(p);
    for (const p of nonCustomers.filter(() => r.chance(0.3))) add(p);
    const file = path.join(dir, 'orders_export.csv');
    writeFileSync(file, rows.join('\r\n') + '\r\n');
    leakPaths.push(file);
  }

  // 2. Contacts list: semicolons, Windows-1252, national phone formats; matched by phone + last name.
  {
    const rows = ['Vorname;Nachname;Telefon;Ort'];
    for (const p of [...pickLeaked(0.12), ...nonCustomers.filter(() => r.chance(0.2))]) {
      if (!latin1Safe(p.first + p.last + p.city)) continue;
      rows.push([p.first, p.last, p.phoneNational, p.city].map((v) => csvCell(v, ';')).join(';'));
      leakRecords++;
      expose(p, ['name', 'phone'], 'phone');
    }
    const file = path.join(dir, 'kontakte.csv');
    writeFileSync(file, toLatin1(rows.join('\n') + '\n'));
    leakPaths.push(file);
  }

  // 3. User accounts: nested JSON Lines, gzip. Matched by email.
  {
    const lines: string[] = [];
    for (const p of [...pickLeaked(0.15), ...nonCustomers.filter(() => r.chance(0.2))]) {
      const dob = `${r.int(1940, 2005)}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
      const hash = `$2b$10$${Array.from({ length: 53 }, () => r.pick([...'./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'])).join('')}`;
      const hasAnswer = r.chance(0.5);
      lines.push(
        JSON.stringify({
          id: r.int(1, 1e6),
          profile: { firstName: p.first, lastName: p.last, birthDate: dob },
          contact: { email: messyEmail(p.email) },
          auth: { passwordHash: hash, lastLogin: '2024-05-01T10:22:33Z', appVersion: '4.2.0.1' },
          ...(hasAnswer ? { security: { answer: r.pick(['Fluffy', 'Springfield', 'Blue']) } } : {}),
        }),
      );
      leakRecords++;
      expose(p, ['email', 'name', 'date_of_birth', 'password_hash', ...(hasAnswer ? (['security_answer'] as const) : [])], 'email');
    }
    const file = path.join(dir, 'users.jsonl.gz');
    writeFileSync(file, gzipSync(lines.join('\n') + '\n'));
    leakPaths.push(file);
  }

  // 4. Billing dump: PostgreSQL COPY with "LAST, First" names, IBANs and SSNs (some decoys). Matched by name + postal code.
  {
    const rows: string[] = [];
    for (const p of [...pickLeaked(0.12), ...nonCustomers.filter(() => r.chance(0.2))]) {
      const ibanValid = r.chance(0.75);
      const ssnValid = r.chance(0.7);
      const name = r.chance(0.5) ? `${p.last.toUpperCase()}, ${p.first}` : `${asciiFold(p.first) ? p.first : p.first}  ${p.last}`;
      rows.push([name, p.postal, makeIban(r, ibanValid), makeSsn(r, ssnValid), r.chance(0.5) ? '\\N' : 'paid'].join('\t'));
      leakRecords++;
      const types: DataType[] = ['name'];
      if (ibanValid) types.push('iban');
      if (ssnValid) types.push('ssn');
      expose(p, types, 'name_postal');
    }
    const sql = [
      '-- PostgreSQL database dump',
      'SET statement_timeout = 0;',
      'CREATE TABLE public.payments (holder_name text, postcode text, iban text, ssn text, status text);',
      'COPY public.payments (holder_name, postcode, iban, ssn, status) FROM stdin;',
      ...rows,
      '\\.',
      '',
    ];
    const file = path.join(dir, 'billing.sql');
    writeFileSync(file, sql.join('\n'));
    leakPaths.push(file);
  }

  // 5. MySQL dump: INSERT without column list (columns from CREATE TABLE), escaped quotes. Matched by email.
  {
    const tuples: string[] = [];
    for (const p of [...pickLeaked(0.1), ...nonCustomers.filter(() => r.chance(0.1))]) {
      const hasPassword = r.chance(0.5);
      tuples.push(
        `(${r.int(1, 1e6)},${sqlString(messyEmail(p.email).trim())},${sqlString(`${p.first} ${p.last}`)},${hasPassword ? sqlString(`p@ss'${r.digits(4)}\\`) : 'NULL'},${sqlString(p.country)},'2023-01-01 10:00:00')`,
      );
      leakRecords++;
      expose(p, ['email', 'name', ...(hasPassword ? (['password_plain'] as const) : [])], 'email');
    }
    const sql = [
      '-- MySQL dump 10.13',
      'CREATE TABLE `newsletter` (',
      '  `id` int NOT NULL AUTO_INCREMENT,',
      '  `email` varchar(255) DEFAULT NULL,',
      '  `display_name` varchar(255),',
      '  `password` varchar(64),',
      '  `country` char(2),',
      '  `created_at` datetime,',
      '  PRIMARY KEY (`id`)',
      ') ENGINE=InnoDB;',
      ...chunked(tuples, 50).map((part) => `INSERT INTO \`newsletter\` VALUES ${part.join(',')};`),
      '',
    ];
    const file = path.join(dir, 'newsletter.sql');
    writeFileSync(file, sql.join('\n'));
    leakPaths.push(file);
  }

  // 6. Web server log: emails in query strings, IPs, version strings and timestamps as decoys. Matched by email.
  {
    const lines: string[] = [];
    for (const p of [...pickLeaked(0.15), ...nonCustomers.filter(() => r.chance(0.2))]) {
      const realIp = r.chance(0.6);
      const ip = realIp ? `${r.pick([r.int(11, 126), r.int(128, 223)])}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}` : '-';
      lines.push(
        `2024-03-0${r.int(1, 9)}T12:${r.int(10, 59)}:${r.int(10, 59)}Z ${ip} GET /account?email=${encodeURIComponent(p.email).replace('%40', '@')} 200 "Shop-App v${r.int(1, 9)}.${r.int(0, 9)}.${r.int(0, 9)}.${r.int(0, 99)}" build 10.0.${r.int(1000, 19999)}.1`,
      );
      leakRecords++;
      expose(p, realIp ? ['email', 'ip_address'] : ['email'], 'email');
    }
    for (let i = 0; i < 200; i++) {
      lines.push(
        `2024-03-01T00:00:${String(i % 60).padStart(2, '0')}Z healthcheck ok version=1.2.3.4 took 12.5ms order 4111111111111111 ref 4539148803436468`,
      );
      leakRecords++;
    }
    const file = path.join(dir, 'access.log');
    writeFileSync(file, lines.join('\n') + '\n');
    leakPaths.push(file);
  }

  // 7. Archive: a pretty-printed JSON document and a UTF-16 CSV with masked cards. Matched by email.
  {
    const subscribers: unknown[] = [];
    for (const p of [...pickLeaked(0.1), ...nonCustomers.filter(() => r.chance(0.1))]) {
      const phones = r.chance(0.5) ? [p.phoneE164] : [];
      subscribers.push({
        subscriber: { name: `${p.first} ${p.last}`, email: p.email },
        phones,
        product: { name: 'Gift card', sku: 'GC-1' },
      });
      leakRecords++;
      expose(p, ['email', 'name', ...(phones.length ? (['phone'] as const) : [])], 'email');
    }
    const csv = ['Name,Email,Card'];
    for (const p of pickLeaked(0.08)) {
      csv.push([`${p.first} ${p.last}`, p.email, `**** **** **** ${r.digits(4)}`].map((v) => csvCell(v)).join(','));
      leakRecords++;
      expose(p, ['name', 'email', 'card_last4'], 'email');
    }
    const file = path.join(dir, 'backup.zip');
    writeZip(file, [
      { name: 'export/subscribers.json', data: Buffer.from(JSON.stringify({ exported: '2024-03-01', subscribers }, null, 2)) },
      { name: 'export/cards.csv', data: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv.join('\r\n') + '\r\n', 'utf16le')]) },
    ]);
    leakPaths.push(file);
  }

  for (const id of expected.keys()) reviewOnly.delete(id);
  return { customersFile, leakPaths, expected, expectedReview: reviewOnly, customers: people.length, leakRecords };
}

function chunked<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
