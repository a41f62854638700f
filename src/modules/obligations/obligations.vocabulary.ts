/**
 * The scoping vocabulary of data types (issue "Scoping engine"): every output uses exactly these names,
 * and rules files refer to them in their triggers. Extend only by adding.
 */
export const dataTypes = [
  'email',
  'name',
  'phone',
  'postal_address',
  'date_of_birth',
  'ssn',
  'national_id',
  'drivers_license',
  'passport',
  'card_pan',
  'card_last4',
  'card_expiry',
  'card_cvv',
  'iban',
  'bank_account',
  'password_plain',
  'password_hash',
  'security_answer',
  'username',
  'ip_address',
  'health',
] as const;
export type DataType = (typeof dataTypes)[number];

export const recipientKinds = [
  'individuals',
  'regulator',
  'consumer_reporting_agencies',
  'card_brands',
  'media',
  'controller',
  'other',
] as const;
export type RecipientKind = (typeof recipientKinds)[number];

export const confidenceLevels = ['high', 'medium', 'low'] as const;

/** EU and EEA member states: GDPR, NIS2 and DORA protect residents of all of them. */
export const euMemberStates = [
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'HU',
  'IE',
  'IT',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'ES',
  'SE',
] as const;
export const eeaStates = [...euMemberStates, 'IS', 'LI', 'NO'] as const;
