import { Anchor, Button, Group, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { withQuery } from '../../api';
import { EmptyState, QueryState } from '../../components/QueryState';
import { useApiQuery } from '../../queries';
import type { RegisterEntry } from '../../types';
import { dataTypeLabel } from './obligations/vocabulary';
import { count, DataTypeBadges, ruleLabel } from './ScopingParts';

const PAGE = 50;

/**
 * The exposure register: one row per affected customer with what was exposed and how the match was made.
 * Filters live in the URL (shareable, survive a reload); pages follow the server's cursor.
 */
export function ScopingRegister({
  incidentId,
  jurisdictions,
  dataTypes,
  canReadContacts,
}: {
  incidentId: string;
  jurisdictions: string[];
  dataTypes: string[];
  canReadContacts: boolean;
}) {
  const base = `/api/incidents/${incidentId}/scoping`;
  const [params, setParams] = useSearchParams();
  const filters = {
    jurisdiction: params.get('jurisdiction') ?? '',
    data_type: params.get('data_type') ?? '',
    customer_ref: params.get('ref') ?? '',
  };
  // Cursors of the pages before the current one, so "Previous page" can go back without the server keeping state.
  const [cursors, setCursors] = useState<string[]>([]);
  const after = cursors[cursors.length - 1];
  const register = useApiQuery<{ entries: RegisterEntry[]; next: string | null }>(
    withQuery(`${base}/register`, { ...filters, after, limit: PAGE }),
  );
  const [refInput, setRefInput] = useState(filters.customer_ref);

  function setFilter(key: 'jurisdiction' | 'data_type' | 'ref', value: string) {
    setCursors([]);
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  }

  function submitRef(e: FormEvent) {
    e.preventDefault();
    setFilter('ref', refInput.trim());
  }

  return (
    <Stack gap="sm">
      <Group align="flex-end" wrap="wrap" gap="sm">
        <NativeSelect
          label="Jurisdiction"
          data={[{ value: '', label: 'All jurisdictions' }, ...jurisdictions.map((j) => ({ value: j, label: j }))]}
          value={filters.jurisdiction}
          onChange={(e) => setFilter('jurisdiction', e.currentTarget.value)}
        />
        <NativeSelect
          label="Data type"
          data={[{ value: '', label: 'All data types' }, ...dataTypes.map((t) => ({ value: t, label: dataTypeLabel(t) }))]}
          value={filters.data_type}
          onChange={(e) => setFilter('data_type', e.currentTarget.value)}
        />
        <form onSubmit={submitRef} aria-label="Filter by customer reference">
          <Group align="flex-end" gap="xs" wrap="nowrap">
            <TextInput label="Customer ref" value={refInput} onChange={(e) => setRefInput(e.currentTarget.value)} />
            <Button type="submit" variant="default">
              Filter
            </Button>
          </Group>
        </form>
      </Group>
      <Group gap="md" wrap="wrap">
        <Anchor href={`${base}/register.csv?contacts=false`} size="sm">
          Export CSV
        </Anchor>
        {canReadContacts && (
          <Anchor href={`${base}/register.csv?contacts=true`} size="sm">
            Export CSV with contact data
          </Anchor>
        )}
        <Text size="xs">The export always holds the whole register; an export with contact data is recorded in the audit log.</Text>
      </Group>
      <QueryState query={register} label="register">
        {({ entries, next }) =>
          entries.length === 0 ? (
            <EmptyState
              title={
                cursors.length || Object.values(filters).some(Boolean) ? 'No customers match these filters' : 'No affected customers yet'
              }
            />
          ) : (
            <>
              <Table.ScrollContainer minWidth={720}>
                <Table striped aria-label="Exposure register">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Customer ref</Table.Th>
                      <Table.Th scope="col">Jurisdiction</Table.Th>
                      <Table.Th scope="col">Data exposed</Table.Th>
                      <Table.Th scope="col">Records</Table.Th>
                      <Table.Th scope="col">Files</Table.Th>
                      <Table.Th scope="col">Matched by</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {entries.map((e) => (
                      <Table.Tr key={e.customer_id}>
                        <Table.Th scope="row">
                          <Text size="sm" ff="monospace">
                            {e.customer_ref}
                          </Text>
                        </Table.Th>
                        <Table.Td>{e.jurisdiction}</Table.Td>
                        <Table.Td>
                          <DataTypeBadges types={e.data_types} />
                        </Table.Td>
                        <Table.Td>{count(e.records)}</Table.Td>
                        <Table.Td>{count(e.files)}</Table.Td>
                        <Table.Td>
                          {ruleLabel(e.match.rule)} ({Math.round(e.match.confidence * 100)} %)
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              <Group gap="sm">
                <Button size="xs" variant="default" disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
                  Previous page
                </Button>
                <Text size="sm">Page {cursors.length + 1}</Text>
                <Button size="xs" variant="default" disabled={!next} onClick={() => next && setCursors((c) => [...c, next])}>
                  Next page
                </Button>
              </Group>
            </>
          )
        }
      </QueryState>
    </Stack>
  );
}
