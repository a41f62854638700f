/** Obligation vocabularies shared by the rules schema, the engine, the API and the admin UI (zod-free). */
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
