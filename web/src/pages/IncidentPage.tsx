import { Anchor, Box, Grid, Group, Stack, Tabs, Text, Title } from '@mantine/core';
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
import { TasksTab } from './incident/TasksTab';
import { TimelineTab } from './incident/TimelineTab';

const tabs = [
  { value: 'overview', label: 'Overview' },
  { value: 'timeline', label: 'Timeline' },
  { value: 'investigation', label: 'Investigation' },
  { value: 'decisions', label: 'Decisions' },
  { value: 'tasks', label: 'Tasks' },
  { value: 'containment', label: 'Containment' },
  { value: 'evidence', label: 'Evidence' },
  { value: 'obligations', label: 'Obligations' },
] as const;

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
              <Tabs.Panel value="overview">
                <OverviewTab incident={i} />
              </Tabs.Panel>
              <Tabs.Panel value="timeline">
                <TimelineTab incidentId={i.id} />
              </Tabs.Panel>
              <Tabs.Panel value="investigation">
                <ChecklistTab incidentId={i.id} />
              </Tabs.Panel>
              <Tabs.Panel value="decisions">
                <DecisionsTab incidentId={i.id} />
              </Tabs.Panel>
              <Tabs.Panel value="tasks">
                <TasksTab incidentId={i.id} />
              </Tabs.Panel>
              <Tabs.Panel value="containment">
                <ContainmentTab incidentId={i.id} />
              </Tabs.Panel>
              <Tabs.Panel value="evidence">
                <EvidenceTab incidentId={i.id} />
              </Tabs.Panel>
              <Tabs.Panel value="obligations">
                <ObligationsTab incidentId={i.id} />
              </Tabs.Panel>
            </Box>
          </Tabs>
        </Stack>
      )}
    </QueryState>
  );
}
