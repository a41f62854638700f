import { Paper, SimpleGrid, Text, Title } from '@mantine/core';
import { BarTable } from '../../components/BarTable';
import { useId } from 'react';
import type { ScopingSummary } from '../../types';
import { dataTypeLabel } from './obligations/vocabulary';
import { count } from './ScopingParts';

/** Headline numbers of the register and two bar charts: affected customers by data type and by jurisdiction. */
export function ScopingTotals({ summary }: { summary: ScopingSummary }) {
  const a = summary.authenticity;
  const byType = Object.entries(summary.data_type_totals).map(([t, n]) => ({ key: t, name: dataTypeLabel(t), value: n }));
  const byPlace = Object.entries(summary.jurisdiction_totals).map(([j, n]) => ({
    key: j,
    name: j === 'unknown' ? 'Unknown' : j,
    value: n,
  }));
  return (
    <>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm">
        <Stat label="Affected customers" value={count(summary.affected_customers)} />
        <Stat label="Unmatched individuals" value={count(summary.unmatched_people)} hint="in the leak, not in the customer master" />
        <Stat label="Unmatched records" value={count(summary.unmatched_records)} hint="with personal data, no person identified" />
        <Stat
          label="Match rate"
          value={`${(a.match_rate * 100).toFixed(1)} %`}
          hint={`${count(a.matched_records)} of ${count(a.records_with_personal_data)} records with personal data match a customer`}
        />
        <Stat
          label="Consistency"
          value={a.consistency_rate === null ? '—' : `${(a.consistency_rate * 100).toFixed(1)} %`}
          hint={`of ${count(a.fields_compared)} sampled fields of matched records (name, phone, postal code) agree with the master`}
        />
        <Stat
          label="Open reviews"
          value={count(summary.reviews.open)}
          hint={`${count(summary.reviews.matched + summary.reviews.rejected)} decided`}
        />
      </SimpleGrid>
      <Text size="xs" mt={4}>
        A high match rate and consistency suggest the leak really comes from this shop; low ones may mean a fabricated leak or someone
        else’s data.
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" mt="md">
        <BarChart title="Affected customers by data type" column="Data type" rows={byType} />
        <BarChart title="Affected customers by jurisdiction" column="Jurisdiction" rows={byPlace} />
      </SimpleGrid>
    </>
  );
}

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Paper withBorder p="sm" radius="md">
      <Text size="xs" fw={600}>
        {label}
      </Text>
      <Text fz="xl" fw={700} aria-label={`${label}: ${value}`}>
        {value}
      </Text>
      {hint && <Text size="xs">{hint}</Text>}
    </Paper>
  );
}

/**
 * A horizontal bar chart as a table: screen readers read name and number, the bar is decoration. Plain CSS
 * instead of a chart library keeps the bundle small and the numbers always visible.
 */
function BarChart({ title, column, rows }: { title: string; column: string; rows: Array<{ key: string; name: string; value: number }> }) {
  const id = useId();
  const shown = rows.filter((r) => r.value > 0).sort((x, y) => y.value - x.value || x.name.localeCompare(y.name));
  const max = Math.max(1, ...shown.map((r) => r.value));
  return (
    <Paper withBorder p="sm" radius="md" component="figure" m={0} aria-labelledby={id}>
      <Title order={3} size="h5" id={id} mb="xs">
        {title}
      </Title>
      {shown.length === 0 ? (
        <Text size="sm">No affected customers yet.</Text>
      ) : (
        <BarTable rows={shown} column={column} valueColumn="Customers" max={max} aria-labelledby={id} />
      )}
    </Paper>
  );
}
