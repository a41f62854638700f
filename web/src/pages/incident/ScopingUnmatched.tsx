import { Button, Group, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { EmptyState, QueryState } from '../../components/QueryState';
import { useApiQuery } from '../../queries';
import type { UnmatchedPerson } from '../../types';
import { count, DataTypeBadges } from './ScopingParts';

const LIMIT = 500;

/**
 * People in the leak who are not customers (guest buyers, old accounts): they may have to be told too.
 * Contact data is shown only on request, because each listing is recorded in the audit log.
 */
export function ScopingUnmatched({ incidentId, total }: { incidentId: string; total: number }) {
  const [shown, setShown] = useState(false);
  const list = useApiQuery<{ people: UnmatchedPerson[]; total: number }>(
    shown ? `/api/incidents/${incidentId}/scoping/unmatched?limit=${LIMIT}` : null,
  );

  if (!shown)
    return (
      <Group gap="sm" wrap="wrap">
        <Button variant="default" onClick={() => setShown(true)} disabled={total === 0}>
          Show unmatched individuals ({count(total)})
        </Button>
        <Text size="xs">Shows contact data; recorded in the audit log.</Text>
      </Group>
    );
  return (
    <QueryState query={list} label="unmatched individuals">
      {({ people, total: all }) =>
        people.length === 0 ? (
          <EmptyState title="No unmatched individuals" />
        ) : (
          <Stack gap="xs">
            {all > people.length && (
              <Text size="sm">
                Showing {count(people.length)} of {count(all)}.
              </Text>
            )}
            <Table.ScrollContainer minWidth={760}>
              <Table striped aria-label="Unmatched individuals">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Name</Table.Th>
                    <Table.Th scope="col">Email</Table.Th>
                    <Table.Th scope="col">Phone</Table.Th>
                    <Table.Th scope="col">Postal code</Table.Th>
                    <Table.Th scope="col">Data exposed</Table.Th>
                    <Table.Th scope="col">Found in</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {people.map((p, i) => (
                    <Table.Tr key={`${p.email ?? ''}|${p.phone ?? ''}|${p.name ?? ''}|${i}`}>
                      <Table.Td>{p.name ?? '—'}</Table.Td>
                      <Table.Td style={{ overflowWrap: 'anywhere' }}>{p.email ?? '—'}</Table.Td>
                      <Table.Td>{p.phone ?? '—'}</Table.Td>
                      <Table.Td>{p.postal_code ?? '—'}</Table.Td>
                      <Table.Td>
                        <DataTypeBadges types={p.data_types} />
                      </Table.Td>
                      <Table.Td>
                        {p.sources.map((s) => (
                          <Text size="xs" key={s.file} style={{ overflowWrap: 'anywhere' }}>
                            {s.file} ({count(s.records)})
                          </Text>
                        ))}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Stack>
        )
      }
    </QueryState>
  );
}
