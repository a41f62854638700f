import { Anchor, Button, Group, NativeSelect, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { withQuery } from '../api';
import { KindBadge, SeverityBadge, StatusBadge } from '../components/Badges';
import { NewIncidentModal } from '../components/NewIncidentModal';
import { EmptyState, QueryState } from '../components/QueryState';
import { formatDuration, formatInstant } from '../format';
import { useApiQuery } from '../queries';
import { useCan } from '../session';
import type { Incident } from '../types';
import { incidentKinds, incidentStatuses, label } from '../vocabulary';

/** Home page: every incident, filterable by status and kind; filters live in the URL so they survive reloads. */
export function IncidentListPage() {
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const kind = params.get('kind') ?? '';
  const can = useCan();
  const navigate = useNavigate();
  const [newOpen, newModal] = useDisclosure(false);
  const incidents = useApiQuery<{ incidents: Incident[] }>(withQuery('/api/incidents', { status, kind }));
  const noIncidentsAtAll = !status && !kind && incidents.data?.incidents.length === 0;

  function setFilter(key: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  }

  const actions = (
    <Group>
      {can('report.create') && (
        <Button variant="default" onClick={() => void navigate('/reports')}>
          Report something
        </Button>
      )}
      {can('incident.create') && <Button onClick={newModal.open}>New incident</Button>}
    </Group>
  );

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={1}>Incidents</Title>
        {/* With no incidents at all the empty state carries these buttons; showing them twice confuses screen readers. */}
        {!noIncidentsAtAll && actions}
      </Group>
      <Group mb="md" align="flex-end">
        <NativeSelect
          label="Status"
          value={status}
          onChange={(e) => setFilter('status', e.currentTarget.value)}
          data={[{ value: '', label: 'All statuses' }, ...incidentStatuses.map((s) => ({ value: s, label: label(s) }))]}
        />
        <NativeSelect
          label="Kind"
          value={kind}
          onChange={(e) => setFilter('kind', e.currentTarget.value)}
          data={[{ value: '', label: 'Real and drills' }, ...incidentKinds.map((k) => ({ value: k, label: label(k) }))]}
        />
      </Group>
      <QueryState query={incidents} label="incidents">
        {({ incidents: list }) =>
          list.length === 0 ? (
            status || kind ? (
              <EmptyState title="No incidents match these filters">
                <Button variant="default" onClick={() => setParams(new URLSearchParams(), { replace: true })}>
                  Clear filters
                </Button>
              </EmptyState>
            ) : (
              <EmptyState title="No incidents yet">
                <Text size="sm">When something looks wrong — a customer call, an alert, a researcher’s email — record it here.</Text>
                {actions}
              </EmptyState>
            )
          ) : (
            <Table.ScrollContainer minWidth={760}>
              <Table striped highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Ref</Table.Th>
                    <Table.Th scope="col">Title</Table.Th>
                    <Table.Th scope="col">Status</Table.Th>
                    <Table.Th scope="col">Severity</Table.Th>
                    <Table.Th scope="col">Kind</Table.Th>
                    <Table.Th scope="col">Time since aware</Table.Th>
                    <Table.Th scope="col">Updated</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((i) => (
                    <Table.Tr key={i.id}>
                      <Table.Td ff="monospace">{i.ref}</Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/incidents/${i.id}`}>
                          {i.title}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <StatusBadge status={i.status} />
                      </Table.Td>
                      <Table.Td>
                        <SeverityBadge severity={i.severity} />
                      </Table.Td>
                      <Table.Td>
                        <KindBadge kind={i.kind} />
                      </Table.Td>
                      <Table.Td>
                        {i.elapsed_since_aware_seconds === null ? (
                          <Text size="sm" c="orange.9">
                            Aware time not set
                          </Text>
                        ) : (
                          <Text size="sm" ff="monospace">
                            {formatDuration(i.elapsed_since_aware_seconds)}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{formatInstant(i.updated_at)}</Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
      <NewIncidentModal opened={newOpen} onClose={newModal.close} />
    </>
  );
}
