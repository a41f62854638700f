/**
 * Pieces shared by the Customers page's sections: the customer-master fields in people's words, how the
 * import decided a column, a number card and a bar table of customers per jurisdiction.
 */
import { Box, Button, Paper, Text } from '@mantine/core';
import { useState } from 'react';
import { BarTable } from '../../components/BarTable';
import type { CustomerField, CustomerMappingReason } from '../../types';
import { count } from '../incident/ScopingParts';

/**
 * Mirrors `customerFields` in customers.contact.ts (in the order the mapping is shown). Copied, not imported:
 * that module pulls in the phone-number validators, which must not enter the bundle.
 */
export const customerFields: readonly CustomerField[] = [
  'id',
  'email',
  'phone',
  'first_name',
  'last_name',
  'full_name',
  'street',
  'postal_code',
  'city',
  'region',
  'country',
];

const fieldLabels: Record<CustomerField, string> = {
  id: 'Customer id',
  email: 'Email',
  phone: 'Phone',
  first_name: 'First name',
  last_name: 'Last name',
  full_name: 'Full name',
  street: 'Street',
  postal_code: 'Postal code',
  city: 'City',
  region: 'Region (state, province)',
  country: 'Country',
};
export const fieldLabel = (field: string) => fieldLabels[field as CustomerField] ?? field;

/** The label of a field's column picker; the id column's is also the label of the field before the first preview. */
export const columnPickerLabel = (field: CustomerField) =>
  field === 'id' ? 'Id column' : `${fieldLabels[field].replace(/ \(.*\)$/, '')} column`;

const reasonLabels: Record<CustomerMappingReason, string> = {
  override: 'Chosen by you',
  'id-column': 'Chosen by you (id column)',
  header: 'Recognized from the column name',
  content: 'Recognized from the values',
  unused: 'Not used',
};
export const reasonLabel = (how: CustomerMappingReason) => reasonLabels[how];

export const jurisdictionLabel = (j: string) => (j === 'unknown' ? 'Unknown' : j);

/** A headline number with its label, read by screen readers as "label: value". */
export function Stat({ label, value, hint }: { label: string; value: number; hint?: string }) {
  return (
    <Paper withBorder p="sm" radius="md">
      <Text size="xs" fw={600}>
        {label}
      </Text>
      <Text fz="xl" fw={700} aria-label={`${label}: ${count(value)}`}>
        {count(value)}
      </Text>
      {hint && <Text size="xs">{hint}</Text>}
    </Paper>
  );
}

const SHOWN = 12;

/**
 * Customers per jurisdiction as a table with bars (the bar is decoration; name and number are text). A master
 * with customers in every US state has over fifty rows, so the largest twelve are shown until asked for all.
 */
export function JurisdictionBars({ caption, counts }: { caption: string; counts: Array<{ jurisdiction: string; count: number }> }) {
  const [all, setAll] = useState(false);
  const sorted = [...counts].sort((a, b) => b.count - a.count || a.jurisdiction.localeCompare(b.jurisdiction));
  const shown = all ? sorted : sorted.slice(0, SHOWN);
  const max = Math.max(1, ...sorted.map((r) => r.count));
  if (sorted.length === 0) return <Text size="sm">No customers.</Text>;
  return (
    <>
      <Box maw={560}>
        <BarTable
          rows={shown.map((r) => ({ key: r.jurisdiction, name: jurisdictionLabel(r.jurisdiction), value: r.count }))}
          column="Jurisdiction"
          valueColumn="Customers"
          max={max}
          aria-label={caption}
        />
      </Box>
      {sorted.length > SHOWN && (
        <Button variant="subtle" size="xs" mt={4} onClick={() => setAll(!all)}>
          {all ? `Show the largest ${SHOWN} only` : `Show all ${sorted.length} jurisdictions`}
        </Button>
      )}
    </>
  );
}
