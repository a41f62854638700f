import { Box, Table, Text } from '@mantine/core';
import { count } from '../pages/incident/ScopingParts';

export interface BarRow {
  key: string;
  name: string;
  value: number;
}

/**
 * A horizontal bar chart as a table: screen readers read name and number, the bar is decoration. Plain CSS
 * instead of a chart library keeps the bundle small and the numbers always visible. Bars are scaled to `max`
 * (default: the largest row shown).
 */
export function BarTable({
  rows,
  column,
  valueColumn,
  max,
  ...label
}: {
  rows: readonly BarRow[];
  column: string;
  valueColumn: string;
  max?: number;
} & ({ 'aria-label': string } | { 'aria-labelledby': string })) {
  const top = max ?? Math.max(1, ...rows.map((r) => r.value));
  return (
    <Table verticalSpacing={4} {...label}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col" w="40%">
            {column}
          </Table.Th>
          <Table.Th scope="col">{valueColumn}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.key}>
            <Table.Th scope="row" fw={500}>
              <Text size="sm">{r.name}</Text>
            </Table.Th>
            <Table.Td>
              <Box style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
                <Box
                  aria-hidden="true"
                  bg="blue.7"
                  h={14}
                  style={{ width: `${Math.max(2, (r.value / top) * 100)}%`, borderRadius: 3, flexShrink: 1 }}
                />
                <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
                  {count(r.value)}
                </Text>
              </Box>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
