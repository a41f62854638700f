/**
 * Column classification for structured leaks: header names (in the languages shops use) and validator
 * hit rates on a sample of values decide what each column holds. A column is a *role*: most roles are
 * a data type of the vocabulary; a few (postal code, city, country, customer id) are not personal data
 * on their own but help matching or make a street line an address.
 */
import { type DataType, dataTypes } from '../../contract/data-types.js';
import {
  isBankAccount,
  isCardCvv,
  isCardExpiry,
  isCardLast4,
  isCardPan,
  isDateOfBirth,
  isDocumentNumber,
  isEmail,
  isIban,
  isIpAddress,
  isPasswordHash,
  isPersonName,
  isPhoneLike,
  isSsn,
  isStreetAddress,
  isStrongPasswordHash,
  isUsername,
} from './validators.js';

/** Roles that split or qualify a data type (a name in parts, an address line, its parts) or are not personal data. */
type CompositeRole =
  'email' | 'phone' | 'first_name' | 'middle_name' | 'last_name' | 'full_name' | 'street' | 'postal_code' | 'city' | 'region' | 'country';
/** Data types that are column roles one-to-one: a column of that role holds exactly that type. */
type DirectRole = Exclude<DataType, 'email' | 'phone' | 'name' | 'postal_address'>;
const directRoles = dataTypes.filter((t): t is DirectRole => t !== 'email' && t !== 'phone' && t !== 'name' && t !== 'postal_address');

/** What a column holds: a composite role, a data type itself, the customer id, or nothing of interest. */
export type Role = CompositeRole | DirectRole | 'customer_id' | 'none';

/** The data type a role exposes; null for roles that are not personal data on their own. */
export const roleDataType: Readonly<Record<Role, DataType | null>> = {
  email: 'email',
  phone: 'phone',
  first_name: 'name',
  middle_name: 'name',
  last_name: 'name',
  full_name: 'name',
  street: 'postal_address',
  postal_code: null,
  city: null,
  region: null,
  country: null,
  ...(Object.fromEntries(directRoles.map((t) => [t, t])) as Record<DirectRole, DirectRole>),
  customer_id: null,
  none: null,
};

const nonEmpty = (v: string) => v.trim().length > 0 && v.length <= 1000;

/** Per-cell check for a role: a value that fails it is not counted (decoys, junk, placeholders). */
export const roleValidators: Readonly<Partial<Record<Role, (value: string) => boolean>>> = {
  email: isEmail,
  phone: isPhoneLike,
  first_name: isPersonName,
  middle_name: isPersonName,
  last_name: isPersonName,
  full_name: isPersonName,
  street: isStreetAddress,
  date_of_birth: isDateOfBirth,
  ssn: (v) => isSsn(v, { bareDigits: true }),
  national_id: isDocumentNumber,
  drivers_license: isDocumentNumber,
  passport: isDocumentNumber,
  card_pan: isCardPan,
  card_last4: (v) => isCardLast4(v, { bareDigits: true }),
  card_expiry: isCardExpiry,
  card_cvv: isCardCvv,
  iban: isIban,
  bank_account: isBankAccount,
  password_plain: nonEmpty,
  password_hash: (v) => isPasswordHash(v, { hexAllowed: true }),
  security_answer: nonEmpty,
  username: isUsername,
  ip_address: isIpAddress,
  health: nonEmpty,
};

// Ordered: the first rule whose pattern matches the normalized header wins, so specific names come first.
const headerRules: ReadonlyArray<readonly [RegExp, Role]> = [
  [
    /^(?:last_?login(?:_at|_date|_time)?|login_?(?:at|time|date|count)|logged_?in_?at|created(?:_at|_on)?|updated(?:_at|_on)?|modified(?:_at)?|timestamp|date|time|datetime|order_?date)$|(?:^|_)(?:version|ver|build|release|user_?agent)$/,
    'none',
  ],
  [
    /(?:^|_)(?:password|passwd|pass|pwd|pw|passwort|kennwort|mot_de_passe|contrasena|senha)_?(?:hash|hashed|digest|crypt|crypted|enc|encrypted|sha1|sha256|md5|bcrypt)$|^(?:hash|pwhash|passhash|password_digest|encrypted_password|crypted_password|hashed_password|pass_hash|user_pass_hash|pw_hash)$/,
    'password_hash',
  ],
  [/(?:^|_)salt$/, 'none'],
  [
    /(?:^|_)(?:password|passwd|pass|pwd|pw|passwort|kennwort|mot_de_passe|contrasena|senha|wachtwoord|passcode)(?:_plain|_clear|_text)?$|^(?:plain_?password|cleartext_password|user_pass)$/,
    'password_plain',
  ],
  [/security_answer|secret_answer|challenge_answer|memorable_word|(?:^|_)answer(?:_\d)?$/, 'security_answer'],
  [/question/, 'none'],
  [/(?:^|_)(?:e_?mail|mail|courriel|correo|correo_electronico|mailadresse)(?:_?address|_addr)?(?:e?s)?(?:_\d)?$/, 'email'],
  [
    /(?:^|_)(?:card_?last_?4|last_?4|last_?four|card_?last|last_?digits|card_?mask(?:ed)?|masked_?(?:card|pan|number)|card_?ending|pan_?masked)$/,
    'card_last4',
  ],
  [/(?:^|_)(?:card_?holder(?:_name)?|cardholder(?:_name)?|holder_?name|name_on_card)$/, 'full_name'],
  [
    /(?:^|_)(?:card_?number|card_?num|card_?no|cc_?num(?:ber)?|cc_?no|ccnum|credit_?card(?:_number)?|pan|card_?pan|kartennummer|numero_?carte|numero_?tarjeta|cartao|card)$/,
    'card_pan',
  ],
  [/(?:^|_)(?:cvv2?|cvc2?|cid|csc|cvn|security_?code|card_?code|card_?cvv|cc_?cvv|card_?verification)$/, 'card_cvv'],
  [
    /(?:^|_)(?:exp|expiry|expiration|exp_?date|expiry_?date|expiration_?date|expires|valid_?thru|valid_?until|card_?exp(?:iry)?|cc_?exp(?:iry)?|ablaufdatum)$/,
    'card_expiry',
  ],
  [/(?:^|_)iban$/, 'iban'],
  [
    /(?:^|_)(?:account_?number|account_?no|acct_?(?:no|num|number)?|bank_?account(?:_number|_no)?|kontonummer|konto|numero_?cuenta)$/,
    'bank_account',
  ],
  [/(?:^|_)(?:ssn|social_?security(?:_number|_no)?|soc_?sec(?:_no)?)$/, 'ssn'],
  [/(?:^|_)(?:passport(?:_number|_no|_num)?|reisepass(?:nummer)?|pasaporte|passeport)$/, 'passport'],
  [
    /(?:^|_)(?:drivers?_?licen[cs]e(?:_number|_no)?|driving_?licen[cs]e(?:_number|_no)?|dl_?(?:number|no|num)|licen[cs]e_?(?:number|no)|fuhrerschein(?:nummer)?|permis_?de_?conduire)$/,
    'drivers_license',
  ],
  [
    /(?:^|_)(?:national_?id(?:_number|_no)?|nin|nino|ni_?number|dni|nie|nif|cpf|curp|steuer_?id|tax_?id|tin|personal_?(?:id|number|code)|personnummer|pesel|bsn|codice_?fiscale|aadhaar|id_?number|id_?card(?:_number)?|identity_?(?:number|card)|personalausweis(?:nummer)?|nir|sin|hetu|cnp|oib|egn|amka|ppsn)$/,
    'national_id',
  ],
  [
    /(?:^|_)(?:dob|date_?of_?birth|birth_?date|birthdate|birthday|born|geburtsdatum|geburtstag|date_?de_?naissance|date_?naissance|fecha_?(?:de_)?nacimiento|data_?(?:de_)?nascimento|data_?urodzenia|fodelsedatum)$/,
    'date_of_birth',
  ],
  [
    /(?:^|_)(?:ip|ip_?addr(?:ess)?|ipv4|ipv6|last_?ip|last_?login_?ip|login_?ip|signup_?ip|registration_?ip|remote_?addr(?:ess)?|client_?ip|user_?ip|x_?forwarded_?for|source_?ip|src_?ip)$/,
    'ip_address',
  ],
  [
    /(?:^|_)(?:health|medical|diagnos[ie]s|allerg(?:y|ies)|medications?|prescriptions?|diseases?|illness(?:es)?|blood_?type|symptoms?|treatments?|disabilit(?:y|ies)|health_?condition|medical_?condition|medical_?notes)$/,
    'health',
  ],
  [
    /(?:^|_)(?:user_?name|login|login_?name|handle|nick|nickname|screen_?name|benutzername|nom_?utilisateur|usuario|user|account_?name)$/,
    'username',
  ],
  [
    /(?:^|_)(?:first_?name|given_?name|forename|fname|vorname|prenom|nombre|voornaam|fornavn|fornamn|imie|nome|primer_?nombre)$/,
    'first_name',
  ],
  [/(?:^|_)(?:middle_?name|middle_?initial|mname)$/, 'middle_name'],
  [
    /(?:^|_)(?:last_?name|surname|family_?name|lname|nachname|familienname|nom|nom_?de_?famille|apellidos?|achternaam|efternamn|etternavn|nazwisko|cognome|sobrenome)$/,
    'last_name',
  ],
  [
    /^(?:name|full_?name|customer_?name|client_?name|buyer_?name|display_?name|contact_?name|person_?name|account_?holder(?:_name)?|billing_?name|shipping_?name|recipient(?:_name)?|ship_?to_?name|bill_?to_?name|nom_?complet|nombre_?completo|nome_?completo|naam|namn|navn)$/,
    'full_name',
  ],
  [/(?:^|_)(?:address_?2|address_?line_?2|addr_?2|line_?2|street_?2)$/, 'none'],
  [
    /(?:^|_)(?:address|addr|street|street_?address|address_?line_?1|address_?1|addr_?1|line_?1|address_?line|street_?line|strasse|adresse|anschrift|direccion|endereco|indirizzo|home_?address|postal_?address|mailing_?address)$/,
    'street',
  ],
  [
    /(?:^|_)(?:zip|zip_?code|zipcode|postal|postal_?code|postcode|post_?code|plz|postleitzahl|cp|code_?postal|codigo_?postal|cap|cep|pin_?code|postnummer)$/,
    'postal_code',
  ],
  [/(?:^|_)(?:city|town|ort|stadt|ville|ciudad|cidade|citta|locality|municipality|wohnort)$/, 'city'],
  [/(?:^|_)(?:state|province|region|county|bundesland|prefecture|state_?code|province_?code|provincia|estado)$/, 'region'],
  [/(?:^|_)(?:country|country_?code|country_?iso|land|pays|pais|nation|countrycode)$/, 'country'],
  [
    /(?:^|_)(?:phone|phone_?number|phone_?no|telephone|tel|telefon|telefono|telefone|mobile|mobile_?(?:phone|number)|mobil|cell|cell_?phone|cellphone|handy|msisdn|gsm|movil|celular|contact_?number|fax|home_?phone|work_?phone)s?(?:_\d)?$/,
    'phone',
  ],
  [
    /^(?:id|customer_?id|cust_?id|customer_?no|customer_?number|client_?id|client_?number|kundennummer|kunden_?nr|kunden_?id|account_?id|member_?id|user_?id|uid|customerid|userid)$/,
    'customer_id',
  ],
];

// Things that have names but are not people: "product.name", "company_name".
const notPersonParents =
  /^(?:product|products|item|items|sku|company|organisation|organization|org|shop|store|merchant|file|category|brand|bank|bank_name|city|country|street|event|plan|tier|campaign|coupon|variant|tag|tags|lines|order_items|department|team|role|group|app|device|browser|os)$/;

/** Lower-case snake form of a header or JSON path segment: "firstName" → "first_name", "E-Mail" → "e_mail". */
export function normalizeHeader(name: string): string {
  return name
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

function ruleRole(normalized: string): Role | null {
  if (!normalized) return null;
  for (const [pattern, role] of headerRules) if (pattern.test(normalized)) return role;
  return null;
}

/**
 * The role a header or JSON path suggests, or null when the name says nothing. For paths
 * (`customer.billing.name`, `items[].name`) the last segment decides, read together with its parent
 * when it is generic ("name" under "product" is not a person; "number" under "card" is a card number).
 */
export function headerRole(name: string): Role | null {
  const segments = name
    .split(/\.|\[\]|\[\d+\]/)
    .map(normalizeHeader)
    .filter(Boolean);
  const last = segments[segments.length - 1] ?? '';
  const parent = segments[segments.length - 2] ?? '';
  if (parent && notPersonParents.test(parent) && /^(?:name|title|id|number|code|label)$/.test(last)) return 'none';
  if (
    last === 'name' &&
    /^(?:user|customer|client|member|account|buyer|person|contact|billing|shipping|owner|profile|recipient|patient|guest|subscriber)$/.test(
      parent,
    )
  )
    return 'full_name';
  if (
    parent &&
    /^(?:name|number|no|value|line_?1|first|last|given|family|full|id|code|holder|address|type|digits|last4|date|month_year)$/.test(last)
  ) {
    const combined = ruleRole(`${parent}_${last}`);
    if (combined && !(combined === 'customer_id' && segments.length > 1)) return combined;
  }
  const role = ruleRole(last);
  // A nested "id" is the id of that object (an order, an item), not the customer's.
  if (role === 'customer_id' && segments.length > 1 && !/^(?:customer|client|user|account|member)$/.test(parent)) return 'none';
  return role;
}

/** Value shapes that confirm a header for checksummed types, whose decoys fail the validator but not the shape. */
const roleShapes: Readonly<Partial<Record<Role, (value: string) => boolean>>> = {
  card_pan: (v) => /^\d[\d -]{10,21}\d$/.test(v.trim()),
  iban: (v) => /^[A-Za-z]{2}\d{2}[A-Za-z0-9 ]{10,36}$/.test(v.trim()),
  ssn: (v) => /^\d{3}[- ]?\d{2}[- ]?\d{4}$/.test(v.trim()),
};

const hitRate = (values: readonly string[], test: (v: string) => boolean) => {
  let hits = 0;
  for (const v of values) if (test(v)) hits++;
  return values.length ? hits / values.length : 0;
};

// Content alone can identify only self-checking or unmistakable formats; names, dates and free-form ids need a header.
const contentRules: ReadonlyArray<readonly [Role, (v: string) => boolean]> = [
  ['email', isEmail],
  ['card_pan', isCardPan],
  ['iban', isIban],
  ['ssn', (v) => isSsn(v)],
  ['ip_address', isIpAddress],
  ['password_hash', isStrongPasswordHash],
  ['card_last4', (v) => isCardLast4(v)],
  ['phone', (v) => /^\s*(?:\+|00)/.test(v) && isPhoneLike(v)],
];

/** The role that content alone supports (≥ 80 % of the non-empty sample), or null. */
export function contentRole(values: readonly string[]): Role | null {
  if (values.length === 0) return null;
  for (const [role, test] of contentRules) if (hitRate(values, test) >= 0.8) return role;
  return null;
}

/**
 * Classifies one column from its name and a sample of its values. A header hint is accepted when at
 * least half of the non-empty values pass the role's validator (a few decoys or junk values do not
 * change what the column is); otherwise content decides, and a column neither supports is `none`.
 */
export function classifyColumn(name: string, sample: readonly string[]): Role {
  const values = sample.filter((v) => v.trim().length > 0);
  const hint = headerRole(name);
  if (values.length === 0) return hint ?? 'none';
  if (hint) {
    if (hint === 'password_plain' || hint === 'password_hash') {
      if (hitRate(values, (v) => isPasswordHash(v, { hexAllowed: true })) >= 0.8) return 'password_hash';
      if (hint === 'password_plain') return 'password_plain';
    }
    // Checksummed types: the column is what its name says when the values have the shape; each cell is checked later.
    const validate = roleShapes[hint] ?? roleValidators[hint];
    if (!validate) return hint;
    if (hitRate(values, validate) >= 0.5) return hint;
  }
  return contentRole(values) ?? 'none';
}

/**
 * Whether the first row of a headerless-or-not CSV is a header: its cells are named like columns we know,
 * or they are short labels where the data below holds digits or addresses.
 */
export function isHeaderRow(first: readonly string[], rest: ReadonlyArray<readonly string[]>): boolean {
  if (first.some((c) => isEmail(c) || isPhoneLike(c) || isCardPan(c) || isIpAddress(c))) return false;
  const known = first.filter((c) => headerRole(c) !== null).length;
  if (known >= Math.max(1, Math.ceil(first.length / 3))) return true;
  if (!first.every((c) => c.length > 0 && c.length < 40 && !/\d{3}/.test(c))) return false;
  for (let j = 0; j < first.length; j++) {
    const below = rest.map((r) => r[j] ?? '').filter(Boolean);
    if (below.length && hitRate(below, (v) => /\d|@/.test(v)) >= 0.8 && !/\d|@/.test(first[j]!)) return true;
  }
  return false;
}

/** Roles of the JSON path segments whose values identify the record's owner even in free-form keys (`user=…` in logs). */
export const keyValueRoles: ReadonlySet<Role> = new Set<Role>([
  'email',
  'phone',
  'first_name',
  'last_name',
  'full_name',
  'username',
  'password_plain',
  'password_hash',
  'security_answer',
  'postal_code',
  'street',
  'date_of_birth',
  'ssn',
  'national_id',
  'passport',
  'drivers_license',
  'card_pan',
  'card_last4',
  'card_expiry',
  'card_cvv',
  'iban',
  'bank_account',
  'ip_address',
  'health',
]);
