/**
 * Small pieces shared by the Scoping tab's sections: words for roles and match rules, data-type badges and
 * a contact card. The column roles are rebuilt from the server's data-type vocabulary (the server's
 * `columnRoles` lives next to validators that need Node and libphonenumber, which must not enter the bundle).
 */
import { Badge, Group, Text } from '@mantine/core';
import { dataTypes } from '../../../../src/contract/data-types.js';
import type { ScopingContact, ScopingRunStatus } from '../../types';
import { label } from '../../vocabulary';
import { dataTypeLabel } from './obligations/vocabulary';

/** Mirrors `Role` in scan/detect/column-classifier.ts: parts of a name or an address, the data types themselves, the customer id, none. */
const compositeRoles = [
  'email',
  'phone',
  'first_name',
  'middle_name',
  'last_name',
  'full_name',
  'street',
  'postal_code',
  'city',
  'region',
  'country',
];
const compositeTypes = new Set(['email', 'phone', 'name', 'postal_address']);
export const columnRoles: readonly string[] = [
  ...compositeRoles,
  ...dataTypes.filter((t) => !compositeTypes.has(t)),
  'customer_id',
  'none',
];

const roleLabels: Record<string, string> = {
  street: 'Street (address line)',
  postal_code: 'Postal code',
  customer_id: 'Customer id (matches the master)',
  none: 'None (ignore this column)',
};

/** "first_name" → "First name", "card_pan" → "Full card number (PAN)". */
export const roleLabel = (role: string) => roleLabels[role] ?? dataTypeLabel(role);
export const roleOptions = columnRoles.map((value) => ({ value, label: roleLabel(value) }));

const ruleLabels: Record<string, string> = {
  email: 'Email address',
  phone_last_name: 'Phone + last name',
  name_postal_code: 'Name + postal code',
};
export const ruleLabel = (rule: string) => ruleLabels[rule] ?? label(rule);

export const isActive = (status: ScopingRunStatus | 'duplicate') => status === 'queued' || status === 'running';

export const count = (n: number) => n.toLocaleString('en');

/** Data types as badges with people's words. */
export function DataTypeBadges({ types }: { types: readonly string[] }) {
  if (types.length === 0) return <Text size="sm">—</Text>;
  return (
    <Group gap={4}>
      {types.map((t) => (
        <Badge key={t} variant="outline" color="gray.7" tt="none" fw={500}>
          {dataTypeLabel(t)}
        </Badge>
      ))}
    </Group>
  );
}

// Order in which contact fields are shown, whatever order the server's JSON has.
const contactOrder = ['full_name', 'name', 'first_name', 'middle_name', 'last_name', 'email', 'phone', 'street', 'postal_code', 'city'];

/** A person's contact data as "Field: value" lines; a note when the role may not see it. */
export function ContactFields({ contact }: { contact: ScopingContact }) {
  if (!contact) return <Text size="sm">Contact data hidden (needs the customer.read permission).</Text>;
  const entries = Object.entries(contact)
    .filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '')
    .sort(([a], [b]) => rank(a) - rank(b));
  if (entries.length === 0) return <Text size="sm">No contact data.</Text>;
  return (
    <>
      {entries.map(([k, v]) => (
        <Text size="sm" key={k} style={{ overflowWrap: 'anywhere' }}>
          <Text span fw={600} size="sm">
            {label(k)}:
          </Text>{' '}
          {v}
        </Text>
      ))}
    </>
  );
}

function rank(key: string) {
  const i = contactOrder.indexOf(key);
  return i === -1 ? contactOrder.length : i;
}
