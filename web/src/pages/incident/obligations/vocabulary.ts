/**
 * Words for the obligations board. The data-type and recipient lists come from the server's own
 * vocabulary module (plain constants, no zod), so the form can never offer a type the engine rejects.
 */
import { dataTypes } from '../../../../../src/contract/data-types.js';
import { recipientKinds, type RecipientKind } from '../../../../../src/contract/obligations.vocabulary.js';
import { label } from '../../../vocabulary';
import type { Obligation } from './types';

export { dataTypes, recipientKinds };

/** Same pattern as the engine's `jurisdiction` schema: ISO 3166-1 alpha-2 or ISO 3166-2. */
export const jurisdictionPattern = /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/;
export const jurisdictionHint = 'ISO code: country (DE, FR) or subdivision (US-CA, CA-QC)';

export const recipientGroupLabels: Record<RecipientKind, string> = {
  individuals: 'Individuals',
  regulator: 'Regulators',
  consumer_reporting_agencies: 'Credit reporting agencies',
  card_brands: 'Card brands',
  media: 'Media',
  controller: 'Controller',
  other: 'Other',
};

const dataTypeLabels: Record<string, string> = {
  email: 'Email address',
  name: 'Name',
  phone: 'Phone number',
  postal_address: 'Postal address',
  date_of_birth: 'Date of birth',
  ssn: 'Social Security number (SSN)',
  national_id: 'National ID number',
  drivers_license: 'Driver’s licence number',
  passport: 'Passport number',
  card_pan: 'Full card number (PAN)',
  card_last4: 'Card number, last 4 digits',
  card_expiry: 'Card expiry date',
  card_cvv: 'Card security code (CVV)',
  iban: 'IBAN',
  bank_account: 'Bank account number',
  password_plain: 'Password (readable)',
  password_hash: 'Password hash',
  security_answer: 'Security question answer',
  username: 'Username',
  ip_address: 'IP address',
  health: 'Health information',
};

export const dataTypeLabel = (t: string) => dataTypeLabels[t] ?? label(t);
export const dataTypeOptions = dataTypes.map((value) => ({ value, label: dataTypeLabel(value) }));

/** Industries some rules are limited to (rules files, applies_if.industries); any other value is kept as typed. */
export const industryOptions = [
  { value: 'ecommerce', label: 'E-commerce / retail' },
  { value: 'health_app', label: 'Health app or connected health device' },
  { value: 'telecommunications', label: 'Telecommunications' },
  { value: 'financial_services', label: 'Financial services' },
  { value: 'healthcare', label: 'Healthcare provider' },
  { value: 'other', label: 'Other' },
];

export const hipaaOptions = [
  { value: 'none', label: 'Not subject to HIPAA' },
  { value: 'covered_entity', label: 'HIPAA covered entity' },
  { value: 'business_associate', label: 'HIPAA business associate' },
];

export const roleOptions = [
  { value: 'controller', label: 'Controller (decides why and how the data is processed)' },
  { value: 'processor', label: 'Processor (processes the data for another organisation)' },
];

export const riskOptions = [
  { value: 'unknown', label: 'Not assessed yet (each rule asks its own question)' },
  { value: 'none', label: 'None: no reasonable likelihood of harm' },
  { value: 'low', label: 'Low' },
  { value: 'high', label: 'High' },
];

export const requiredText: Record<Obligation['required'], string> = { yes: 'REQUIRED', decide: 'DECIDE', no: 'Not required' };
export const requiredColor: Record<Obligation['required'], string> = { yes: 'red.9', decide: 'yellow.5', no: 'gray.7' };
export const statusText: Record<Obligation['status'], string> = { open: 'Open', met: 'Met', not_required: 'Not required' };
export const statusColor: Record<Obligation['status'], string> = { open: 'blue.8', met: 'teal.9', not_required: 'gray.7' };

/**
 * Names people can tell apart. Some regimes have several notices to the same recipient (NIS2 early
 * warning, notification, final report); those get the stage from the rule id, then the regime if needed.
 */
export function displayNames(list: Obligation[]): Map<string, string> {
  const count = (names: string[]) => names.reduce((m, n) => m.set(n, (m.get(n) ?? 0) + 1), new Map<string, number>());
  const byRecipient = count(list.map((o) => o.recipient_name));
  const staged = list.map((o) => {
    const stage = o.rule_id.split('.').slice(1).join('.');
    return (byRecipient.get(o.recipient_name) ?? 0) > 1 && stage ? `${o.recipient_name} — ${label(stage)}` : o.recipient_name;
  });
  const byStaged = count(staged);
  return new Map(list.map((o, i) => [o.id, (byStaged.get(staged[i]!) ?? 0) > 1 ? `${staged[i]} (${o.regime})` : staged[i]!]));
}

/** Mantine's light alerts colour the title with the alert colour (about 3:1 on its tint); keep titles black for contrast. */
export const readableAlert = { title: { color: 'var(--mantine-color-black)' } };
