import { Alert, Anchor, Button, Collapse, Group, Modal, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type ReactNode } from 'react';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EmptyState, QueryState } from '../../components/QueryState';
import { apiKey, useApiMutation, useApiQuery } from '../../queries';
import { useCan } from '../../session';
import type { IncidentDetail } from '../../types';
import { label } from '../../vocabulary';
import { FactsForm } from './obligations/FactsForm';
import { ObligationCard, type DetailView } from './obligations/ObligationCard';
import { ObligationPanel } from './obligations/ObligationDetail';
import { isOverdue, sortInstant, useNow } from './obligations/deadline';
import type { Board, FactsResponse, Obligation } from './obligations/types';
import { displayNames, readableAlert, recipientGroupLabels, recipientKinds } from './obligations/vocabulary';

// Shown until the board (which carries the server's own wording) has loaded.
const FALLBACK_DISCLAIMER = 'Guidance from public sources, not legal advice. Check each obligation with counsel.';

/**
 * Legal notification obligations for the incident: the facts the rules engine needs, and the deadline
 * board it computes from them (who must be told, by when, with what), with decisions and filings.
 */
export function ObligationsTab({ incidentId }: { incidentId: string }) {
  const base = `/api/incidents/${incidentId}`;
  const can = useCan();
  const incident = useApiQuery<IncidentDetail>(base);
  const facts = useApiQuery<FactsResponse>(`${base}/obligation-facts`);
  // Polled, so decisions, filings and recomputes by colleagues show up during a busy incident.
  const board = useQuery({
    queryKey: apiKey(`${base}/obligations`),
    queryFn: () => api.get<Board>(`${base}/obligations`),
    refetchInterval: 60_000,
  });
  const [formKey, setFormKey] = useState(0);
  const [savedNote, setSavedNote] = useState<string | null>(null);
  const [factsToggle, setFactsToggle] = useState<boolean | null>(null);
  const factsOpen = factsToggle ?? facts.data?.facts === null;
  const factsHeadingId = useId();
  const factsBodyId = useId();
  const awareMissing = incident.data !== undefined && !incident.data.aware_at;

  return (
    <Stack>
      <Alert color="blue" variant="light" role="note" styles={readableAlert} title="Guidance, not legal advice">
        <Text size="sm">{board.data?.disclaimer ?? FALLBACK_DISCLAIMER}</Text>
        <Text size="sm" mt={4}>
          Rules last verified {board.data?.rules_last_verified ?? '—'}. Each obligation lists its sources, confidence and verification date.
        </Text>
      </Alert>

      {awareMissing && (
        <Alert color="orange" variant="light" role="status" styles={readableAlert} title="Set the aware time first">
          Every legal clock starts when the organisation became aware of the breach. Set the “Aware” timestamp on the Overview tab;
          obligations are computed only once it is set.
        </Alert>
      )}

      <Paper withBorder p="md" radius="md" component="section" aria-labelledby={factsHeadingId}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={2} size="h4" id={factsHeadingId}>
            Facts for legal obligations
          </Title>
          <Button
            variant="default"
            size="xs"
            aria-expanded={factsOpen}
            aria-controls={factsBodyId}
            onClick={() => {
              setSavedNote(null);
              setFactsToggle(!factsOpen);
            }}
          >
            {factsOpen ? 'Hide facts' : can('obligation.facts') ? 'Edit facts' : 'Show facts'}
          </Button>
        </Group>
        {facts.data && <FactsSummary facts={facts.data} />}
        {savedNote && (
          <Text size="sm" role="status" c="teal.9" fw={600} mt={4}>
            {savedNote}
          </Text>
        )}
        <Collapse expanded={factsOpen} id={factsBodyId} mt="sm">
          <QueryState query={facts} label="facts">
            {(current) => (
              <FactsForm
                key={formKey}
                incidentId={incidentId}
                current={current}
                canEdit={can('obligation.facts')}
                onSaved={(saved) => {
                  setSavedNote(`Facts saved; ${saved.obligations.length} obligations recomputed.`);
                  if (saved.obligations.length) setFactsToggle(false);
                }}
                onReload={() => {
                  setSavedNote(null);
                  void facts.refetch().then(() => setFormKey((k) => k + 1));
                }}
              />
            )}
          </QueryState>
        </Collapse>
      </Paper>

      <QueryState query={board} label="obligations">
        {(b) => <DeadlineBoard incidentId={incidentId} board={b} hasFacts={!!facts.data?.facts} awareMissing={awareMissing} />}
      </QueryState>
    </Stack>
  );
}

function FactsSummary({ facts: { facts, version } }: { facts: FactsResponse }) {
  if (!facts) return <Text size="sm">No facts entered yet: fill in the form to compute the obligations.</Text>;
  const people = facts.affected.reduce((sum, g) => sum + g.count, 0);
  const places = [...new Set(facts.affected.map((g) => g.jurisdiction))].join(', ');
  return (
    <Text size="sm" mt={4}>
      {people.toLocaleString('en')} people in {facts.affected.length} group{facts.affected.length === 1 ? '' : 's'}
      {places ? ` (${places})` : ''} · risk of harm: {label(facts.risk_of_harm)} · {facts.data_encrypted ? 'encrypted' : 'not encrypted'} ·
      role: {facts.entity.role} · version {version}
    </Text>
  );
}

const byDue = (a: Obligation, b: Obligation) =>
  sortInstant(a).localeCompare(sortInstant(b)) || a.recipient_name.localeCompare(b.recipient_name);
// Open obligations first (they need action), then met, then not required; each by due time.
const statusRank: Record<Obligation['status'], number> = { open: 0, met: 1, not_required: 2 };

function DeadlineBoard({
  incidentId,
  board,
  hasFacts,
  awareMissing,
}: {
  incidentId: string;
  board: Board;
  hasFacts: boolean;
  awareMissing: boolean;
}) {
  const can = useCan();
  const client = useQueryClient();
  const now = useNow(15_000);
  const headingId = useId();
  const [showNotRequired, setShowNotRequired] = useState(false);
  const [selected, setSelected] = useState<{ id: string; view: DetailView } | null>(null);
  const base = `/api/incidents/${incidentId}`;
  const recompute = useApiMutation(() => api.post<Board>(`${base}/obligations/recompute`), [`${base}/timeline`]);

  const list = board.obligations;
  const names = displayNames(list);
  const nameOf = (o: Obligation) => names.get(o.id) ?? o.recipient_name;
  const nameByRule = new Map(list.map((o) => [o.rule_id, nameOf(o)]));
  const dependsOn = (o: Obligation) => (o.deadline.depends_on ? (nameByRule.get(o.deadline.depends_on) ?? null) : null);
  const notRequired = list.filter((o) => o.status === 'not_required');
  const visible = list.filter((o) => showNotRequired || o.status !== 'not_required');
  const overdue = list.filter((o) => isOverdue(o, now));
  const toDecide = list.filter((o) => o.status === 'open' && o.required === 'decide');
  const current = selected ? list.find((o) => o.id === selected.id) : undefined;
  const permissions = {
    decide: can('obligation.decide'),
    file: can('obligation.file'),
    assign: can('obligation.facts'),
    upload: can('evidence.upload'),
  };

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={headingId}>
      <Group justify="space-between" wrap="wrap" gap="xs" mb="sm">
        <Title order={2} size="h4" id={headingId}>
          Deadline board
        </Title>
        <Group gap="sm" wrap="wrap">
          <Anchor href={`${base}/obligations.ics`} download="obligations.ics" size="sm">
            Add deadlines to calendar (.ics)
          </Anchor>
          {can('obligation.recompute') && hasFacts && !awareMissing && (
            <Button
              size="xs"
              variant="default"
              loading={recompute.isPending}
              onClick={() =>
                recompute.mutate(undefined, { onSuccess: (fresh) => client.setQueryData(apiKey(`${base}/obligations`), fresh) })
              }
            >
              Recompute
            </Button>
          )}
        </Group>
      </Group>
      <ErrorAlert error={recompute.error} />

      {list.length === 0 ? (
        <EmptyState title="No obligations computed yet">
          <Text size="sm">
            {!hasFacts
              ? 'Enter the facts above and save them to compute who must be notified, and by when.'
              : awareMissing
                ? 'Set the incident’s aware time; the obligations are computed from it.'
                : 'No notification rule applies to these facts. Check the affected jurisdictions and data types.'}
          </Text>
        </EmptyState>
      ) : (
        <Stack gap="md">
          {overdue.length > 0 && (
            <Alert
              color="red"
              variant="light"
              styles={readableAlert}
              title={`${overdue.length} overdue ${overdue.length === 1 ? 'obligation' : 'obligations'}`}
            >
              {overdue.map(nameOf).join('; ')}
            </Alert>
          )}
          {toDecide.length > 0 && (
            <Alert
              styles={readableAlert}
              color="yellow"
              variant="light"
              role="status"
              title={`${toDecide.length} ${toDecide.length === 1 ? 'decision' : 'decisions'} needed`}
            >
              Whether these notices are required depends on the team’s assessment: {toDecide.map(nameOf).join('; ')}.
            </Alert>
          )}
          <Group justify="space-between" wrap="wrap">
            <Text size="sm">
              {list.filter((o) => o.status === 'open').length} open · {list.filter((o) => o.status === 'met').length} met ·{' '}
              {notRequired.length} not required
            </Text>
            <Switch
              label={`Show not required (${notRequired.length})`}
              checked={showNotRequired}
              onChange={(e) => setShowNotRequired(e.currentTarget.checked)}
              disabled={notRequired.length === 0}
            />
          </Group>
          {recipientKinds.map((kind) => {
            const group = visible
              .filter((o) => o.recipient === kind)
              .sort((a, b) => statusRank[a.status] - statusRank[b.status] || byDue(a, b));
            if (group.length === 0) return null;
            return (
              <RecipientGroup key={kind} title={`${recipientGroupLabels[kind]} (${group.length})`}>
                {group.map((o) => (
                  <ObligationCard
                    key={`${o.id}-${o.version}`}
                    obligation={o}
                    name={nameOf(o)}
                    dependsOnName={dependsOn(o)}
                    canDecide={permissions.decide}
                    canFile={permissions.file}
                    onOpen={(view) => setSelected({ id: o.id, view })}
                  />
                ))}
              </RecipientGroup>
            );
          })}
          {visible.length === 0 && (
            <EmptyState title="Nothing to notify">Every obligation is marked not required; switch them on above to review why.</EmptyState>
          )}
        </Stack>
      )}

      <Modal
        opened={current !== undefined}
        onClose={() => setSelected(null)}
        size="xl"
        title={
          current && `${selected?.view === 'decide' ? 'Decide: ' : selected?.view === 'file' ? 'Record filing: ' : ''}${nameOf(current)}`
        }
      >
        {current && selected && (
          <ObligationPanel
            incidentId={incidentId}
            obligation={current}
            dependsOnName={dependsOn(current)}
            view={selected.view}
            setView={(view) => setSelected({ id: current.id, view })}
            can={permissions}
          />
        )}
      </Modal>
    </Paper>
  );
}

function RecipientGroup({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id}>
      <Title order={3} size="h5" id={id} mb="xs">
        {title}
      </Title>
      <Stack gap="xs">{children}</Stack>
    </section>
  );
}
