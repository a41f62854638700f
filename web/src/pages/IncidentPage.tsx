import { Anchor, Box, Grid, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { KindBadge, SeverityBadge, StatusBadge } from '../components/Badges';
import { ElapsedClock } from '../components/ElapsedClock';
import { QueryState } from '../components/QueryState';
import { useApiQuery } from '../queries';
import type { IncidentDetail } from '../types';
import { ChecklistTab } from './incident/ChecklistTab';
import { ContainmentTab } from './incident/ContainmentTab';
import { DecisionsTab } from './incident/DecisionsTab';
import { EvidenceTab } from './incident/EvidenceTab';
import { ObligationsTab } from './incident/ObligationsTab';
import { OverviewTab } from './incident/OverviewTab';
import { ScopingTab } from './incident/ScopingTab';
import { TasksTab } from './incident/TasksTab';
import { TimelineTab } from './incident/TimelineTab';

// One entry per tab: its URL value, its label and what it renders, so a new tab is one line here.
const tabs: ReadonlyArray<{ value: string; label: string; render: (incident: IncidentDetail) => ReactNode }> = [
  { value: 'overview', label: 'Overview', render: (i) => <OverviewTab incident={i} /> },
  { value: 'timeline', label: 'Timeline', render: (i) => <TimelineTab incidentId={i.id} /> },
  { value: 'investigation', label: 'Investigation', render: (i) => <ChecklistTab incidentId={i.id} /> },
  { value: 'decisions', label: 'Decisions', render: (i) => <DecisionsTab incidentId={i.id} /> },
  { value: 'tasks', label: 'Tasks', render: (i) => <TasksTab incidentId={i.id} /> },
  { value: 'containment', label: 'Containment', render: (i) => <ContainmentTab incidentId={i.id} /> },
  { value: 'evidence', label: 'Evidence', render: (i) => <EvidenceTab incidentId={i.id} /> },
  { value: 'scoping', label: 'Scoping', render: (i) => <ScopingTab incidentId={i.id} /> },
  { value: 'obligations', label: 'Obligations', render: (i) => <ObligationsTab incidentId={i.id} /> },
];

/** The incident workspace. The active tab is in the URL (?tab=) so a link or reload lands on the same view. */
export function IncidentPage() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const tab = tabs.some((t) => t.value === params.get('tab')) ? (params.get('tab') as string) : 'overview';
  const incident = useApiQuery<IncidentDetail>(`/api/incidents/${id}`);

  return (
    <QueryState query={incident} label="incident">
      {(i) => (
        <Stack>
          <Anchor component={Link} to="/" size="sm">
            ← All incidents
          </Anchor>
          <Grid align="flex-start">
            <Grid.Col span={{ base: 12, md: 8 }}>
              <Text size="sm" ff="monospace">
                {i.ref}
              </Text>
              <Title order={1} fz={{ base: 'h2', md: 'h1' }}>
                {i.title}
              </Title>
              <Group gap="xs" mt="xs">
                <StatusBadge status={i.status} />
                <SeverityBadge severity={i.severity} />
                <KindBadge kind={i.kind} />
              </Group>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}>
              <ElapsedClock incident={i} fetchedAt={incident.dataUpdatedAt} />
            </Grid.Col>
          </Grid>
          <Tabs value={tab} onChange={(v) => setParams(v && v !== 'overview' ? { tab: v } : {}, { replace: true })} keepMounted={false}>
            <Tabs.List>
              {tabs.map((t) => (
                <Tabs.Tab key={t.value} value={t.value}>
                  {t.label}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            <Box pt="md">
              {tabs.map((t) => (
                <Tabs.Panel key={t.value} value={t.value}>
                  {t.render(i)}
                </Tabs.Panel>
              ))}
            </Box>
          </Tabs>
        </Stack>
      )}
    </QueryState>
  );
}
