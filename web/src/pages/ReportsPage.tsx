import { Anchor, Button, Modal, SegmentedControl, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { withQuery } from '../api';
import { NewReportForm } from '../components/NewReportForm';
import { EmptyState, QueryState } from '../components/QueryState';
import { ReportDetail } from '../components/ReportDetail';
import { formatInstant } from '../format';
import { useApiQuery } from '../queries';
import { useCan } from '../session';
import type { Report } from '../types';
import { label } from '../vocabulary';

type StatusFilter = 'new' | 'incident' | 'not_incident' | 'all';

/** Intake: record what people report, then triage each report into an incident, an attachment, or a dismissal. */
export function ReportsPage() {
  const can = useCan();
  const [filter, setFilter] = useState<StatusFilter>('new');
  const [openId, setOpenId] = useState<string | null>(null);
  const reports = useApiQuery<{ reports: Report[] }>(withQuery('/api/reports', { status: filter === 'all' ? undefined : filter }));
  const openReport = reports.data?.reports.find((r) => r.id === openId);

  return (
    <Stack>
      <Title order={1}>Reports</Title>
      {can('report.create') && (
        <NewReportForm
          onCreated={(r) => {
            setFilter('new');
            setOpenId(r.id);
          }}
        />
      )}
      <section aria-labelledby="report-list-heading">
        <Title order={2} size="h3" id="report-list-heading" mb="sm">
          Received reports
        </Title>
        <SegmentedControl
          aria-label="Show reports"
          value={filter}
          onChange={(v) => setFilter(v)}
          data={[
            { value: 'new', label: 'Awaiting triage' },
            { value: 'incident', label: 'Became incidents' },
            { value: 'not_incident', label: 'Not incidents' },
            { value: 'all', label: 'All' },
          ]}
          mb="sm"
        />
        <QueryState query={reports} label="reports">
          {({ reports: list }) =>
            list.length === 0 ? (
              <EmptyState title={filter === 'new' ? 'Nothing awaiting triage' : 'No reports here'} />
            ) : (
              <Table.ScrollContainer minWidth={700}>
                <Table striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Reported at (reporter’s zone)</Table.Th>
                      <Table.Th scope="col">Source</Table.Th>
                      <Table.Th scope="col">Observed</Table.Th>
                      <Table.Th scope="col">Status</Table.Th>
                      <Table.Th scope="col">Actions</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {list.map((r) => (
                      <Table.Tr key={r.id}>
                        <Table.Td>
                          <Text size="sm">{formatInstant(r.reported_at, r.reporter_tz)}</Text>
                          <Text size="xs">{r.reporter_tz}</Text>
                        </Table.Td>
                        <Table.Td>{label(r.source)}</Table.Td>
                        <Table.Td maw={380}>
                          <Text size="sm" lineClamp={2}>
                            {r.observed}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{label(r.status)}</Text>
                          {r.incident_id && (
                            <Anchor component={Link} to={`/incidents/${r.incident_id}`} size="sm">
                              Open incident
                            </Anchor>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Button size="xs" variant={r.status === 'new' ? 'filled' : 'default'} onClick={() => setOpenId(r.id)}>
                            {r.status === 'new' ? 'Triage' : 'View'}
                            <VisuallyHidden> report from {formatInstant(r.reported_at, r.reporter_tz)}</VisuallyHidden>
                          </Button>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )
          }
        </QueryState>
      </section>
      <Modal
        opened={openId !== null}
        onClose={() => setOpenId(null)}
        title={openReport ? `Report: ${label(openReport.source)}` : 'Report'}
        size="lg"
      >
        {openId && <ReportDetail reportId={openId} onTriaged={() => setOpenId(null)} />}
      </Modal>
    </Stack>
  );
}
