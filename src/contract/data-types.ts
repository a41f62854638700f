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
