import { SimpleGrid, Stack, Text } from '@mantine/core';
import { QueryState } from '../../components/QueryState';
import { useApiQuery } from '../../queries';
import type { CustomerSummary as Summary } from '../../types';
import { JurisdictionBars, Stat } from './CustomerParts';

/** How many customers the master holds, in total and per jurisdiction (no personal data: every role may see it). */
export function CustomerSummary() {
  const summary = useApiQuery<Summary>('/api/customers/summary');
  return (
    <QueryState query={summary} label="the customer summary">
      {(s) => (
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm">
            <Stat label="Customers" value={s.total} />
            <Stat label="Jurisdictions" value={s.jurisdictions.filter((j) => j.jurisdiction !== 'unknown').length} />
            <Stat
              label="Unknown jurisdiction"
              value={s.jurisdictions.find((j) => j.jurisdiction === 'unknown')?.count ?? 0}
              hint="no country in the file, or one that was not recognized"
            />
          </SimpleGrid>
          {s.total === 0 ? (
            <Text size="sm">
              The customer master is empty. Scoping matches leaked records against it, so import it before scanning leak files.
            </Text>
          ) : (
            <JurisdictionBars caption="Customers per jurisdiction" counts={s.jurisdictions} />
          )}
        </Stack>
      )}
    </QueryState>
  );
}
