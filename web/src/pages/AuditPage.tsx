import { Alert, Anchor, Button, Code, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, withQuery } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { EmptyState, QueryState } from '../components/QueryState';
import { Section } from '../components/Section';
import { formatInstant } from '../format';
import { useApiMutation, useApiQuery } from '../queries';
import { useCan } from '../session';
import type { AuditEntry, AuditHead, AuditVerifyResult, Incident } from '../types';

const PAGE_SIZE = 100;

/**
 * The tamper-evident audit log. "Verify chain" asks the server to recompute every hash; the result is
 * stated in words (intact with count, or the first bad entry) because that sentence is what auditors need.
 */
export function AuditPage() {
  const canRead = useCan()('audit.read');
  if (!canRead) {
    return (
      <>
        <Title order={1}>Audit log</Title>
        <Alert color="gray" variant="light" mt="md">
          Only administrators, incident leads and legal can read the audit log.
        </Alert>
      </>
    );
  }
  return (
    <Stack>
      <Title order={1}>Audit log</Title>
      <VerifySection />
      <EntriesSection />
    </Stack>
  );
}

function VerifySection() {
  const head = useApiQuery<AuditHead>('/api/audit/head');
  const verify = useApiMutation(() => api.post<AuditVerifyResult>('/api/audit/verify'), ['/api/audit/head']);
  const result = verify.data;
  return (
    <Section title="Integrity">
      <Text size="sm" mb="sm">
        Every entry includes the hash of the one before it, so deleting, editing or reordering entries breaks the chain. Record the chain
        head outside Breachdesk (e.g. in an email to your DPO) to detect a rewrite of the whole log.
      </Text>
      {head.data && (
        <Text size="sm" mb="sm">
          Chain head: {head.data.count} entries, {head.data.algorithm} <Code style={{ wordBreak: 'break-all' }}>{head.data.hash}</Code>
        </Text>
      )}
      <Group>
        <Button onClick={() => verify.mutate(undefined)} loading={verify.isPending}>
          Verify chain
        </Button>
      </Group>
      <ErrorAlert error={verify.error} />
      {result &&
        (result.ok ? (
          <Alert color="green" variant="light" title={`Chain intact: ${result.count} entries`} role="status" mt="sm">
            Every entry’s hash was recomputed and matches.{result.head ? ` Head: ${result.head}` : ''}
          </Alert>
        ) : (
          <Alert color="red" variant="light" title={`Chain broken at entry #${result.first_bad_seq ?? '?'}`} role="alert" mt="sm">
            {result.problem ?? 'An entry does not match its hash.'} The {result.count} entries before it verified correctly.
          </Alert>
        ))}
    </Section>
  );
}

function EntriesSection() {
  const [incidentId, setIncidentId] = useState<string | null>(null);
  const incidents = useApiQuery<{ incidents: Incident[] }>('/api/incidents');
  const entries = useInfiniteQuery({
    queryKey: ['api', withQuery('/api/audit', { incident_id: incidentId, limit: PAGE_SIZE }), 'pages'],
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam }) =>
      api.get<{ entries: AuditEntry[] }>(withQuery('/api/audit', { incident_id: incidentId, limit: PAGE_SIZE, before_seq: pageParam })),
    // Entries come newest first; the next page is everything before the oldest one shown.
    getNextPageParam: (last) => (last.entries.length < PAGE_SIZE ? undefined : Math.min(...last.entries.map((e) => e.seq))),
  });
  const refs = new Map((incidents.data?.incidents ?? []).map((i) => [i.id, i.ref]));

  return (
    <Section title="Entries">
      <Select
        label="Incident"
        placeholder="All incidents"
        clearable
        searchable
        data={(incidents.data?.incidents ?? []).map((i) => ({ value: i.id, label: `${i.ref} — ${i.title}` }))}
        value={incidentId}
        onChange={setIncidentId}
        maw={420}
        mb="sm"
      />
      <QueryState query={{ data: entries.data, error: entries.error, isPending: entries.isPending }} label="audit entries">
        {(data) => {
          const list = data.pages.flatMap((p) => p.entries);
          if (list.length === 0) return <EmptyState title="No audit entries" />;
          return (
            <>
              <Table.ScrollContainer minWidth={960}>
                <Table striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">#</Table.Th>
                      <Table.Th scope="col">When</Table.Th>
                      <Table.Th scope="col">Actor</Table.Th>
                      <Table.Th scope="col">Action</Table.Th>
                      <Table.Th scope="col">Entity</Table.Th>
                      <Table.Th scope="col">Incident</Table.Th>
                      <Table.Th scope="col">Data</Table.Th>
                      <Table.Th scope="col">Hash</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {list.map((e) => (
                      <Table.Tr key={e.seq}>
                        <Table.Td>{e.seq}</Table.Td>
                        <Table.Td>
                          <Text size="sm">{formatInstant(e.at)}</Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{e.actor}</Text>
                        </Table.Td>
                        <Table.Td>
                          <Code>{e.action}</Code>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{e.entity_type}</Text>
                          {e.entity_id && (
                            <Text size="xs" ff="monospace">
                              {e.entity_id.slice(0, 8)}…
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          {e.incident_id ? (
                            <Anchor component={Link} to={`/incidents/${e.incident_id}`} size="sm">
                              {refs.get(e.incident_id) ?? `${e.incident_id.slice(0, 8)}…`}
                            </Anchor>
                          ) : (
                            '—'
                          )}
                        </Table.Td>
                        <Table.Td maw={320}>
                          <DataCell data={e.data} />
                        </Table.Td>
                        <Table.Td>
                          <Code title={e.hash}>{e.hash.slice(0, 12)}…</Code>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              {entries.hasNextPage && (
                <Group mt="sm">
                  <Button variant="default" onClick={() => void entries.fetchNextPage()} loading={entries.isFetchingNextPage}>
                    Load older entries
                  </Button>
                </Group>
              )}
            </>
          );
        }}
      </QueryState>
    </Section>
  );
}

/** Entry data can be large (before/after snapshots): show it compactly and let people expand it. */
function DataCell({ data }: { data: unknown }) {
  if (data === null || data === undefined) return <>—</>;
  const json = JSON.stringify(data, null, 2);
  if (json.length <= 80) return <Code style={{ wordBreak: 'break-all' }}>{JSON.stringify(data)}</Code>;
  return (
    <details>
      <summary style={{ cursor: 'pointer', fontSize: 'var(--mantine-font-size-sm)' }}>Show data</summary>
      <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', maxHeight: 300, overflow: 'auto' }}>
        {json}
      </Code>
    </details>
  );
}
