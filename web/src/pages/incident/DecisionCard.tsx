import { Alert, Badge, Button, Group, NumberInput, Paper, Radio, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatInstant } from '../../format';
import { useApiMutation } from '../../queries';
import { useCan } from '../../session';
import type { Decision, DecisionCriterion, DecisionScores } from '../../types';
import { scoreOptions } from './decisionMath';

const statusBadge = {
  draft: { color: 'yellow', text: 'Draft' },
  approved: { color: 'green', text: 'Approved' },
  superseded: { color: 'gray', text: 'Superseded' },
} as const;

/**
 * One decision revision. Drafts are editable (question, weights, the score grid, rationale) by roles that
 * may propose, and approvable by admins/leads. Approved and superseded revisions are read-only: the
 * server refuses changes, and the UI does not offer them.
 */
export function DecisionCard({ incidentId, decision }: { incidentId: string; decision: Decision }) {
  const can = useCan();
  const headingId = useId();
  const editable = decision.status === 'draft' && can('decision.propose');
  const [question, setQuestion] = useState(decision.question);
  const [criteria, setCriteria] = useState<DecisionCriterion[]>(decision.criteria);
  const [scores, setScores] = useState<DecisionScores>(decision.scores);
  const [rationale, setRationale] = useState(decision.rationale);
  const [dirty, setDirty] = useState(false);
  const base = `/api/incidents/${incidentId}/decisions`;
  const save = useApiMutation((body: unknown) => api.put<Decision>(`${base}/${decision.id}`, body), [base]);
  const revise = useApiMutation(() => api.post<Decision>(`${base}/${decision.id}/revise`), [base]);

  const totals = scoreOptions(decision.options, criteria, scores);
  const best = Math.max(...totals.map((t) => t.total));
  const badge = statusBadge[decision.status];

  function setScore(criterion: string, option: string, value: number) {
    setScores((s) => ({ ...s, [criterion]: { ...s[criterion], [option]: value } }));
    setDirty(true);
  }
  function setWeight(criterion: string, weight: number) {
    setCriteria((cs) => cs.map((c) => (c.key === criterion ? { ...c, weight } : c)));
    setDirty(true);
  }
  function submitDraft(e: FormEvent) {
    e.preventDefault();
    save.mutate({ version: decision.version, question, options: decision.options, criteria, scores, rationale });
  }

  const optionLabel = (key: string | null) => decision.options.find((o) => o.key === key)?.label ?? key ?? '—';

  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      component="section"
      aria-labelledby={headingId}
      bg={decision.status === 'superseded' ? 'var(--mantine-color-gray-0)' : undefined}
    >
      <Group justify="space-between" align="flex-start" mb="sm">
        <Title order={3} size="h4" id={headingId}>
          {decision.question} (revision {decision.revision})
        </Title>
        <Badge color={badge.color} size="lg" autoContrast>
          {badge.text}
        </Badge>
      </Group>
      <form onSubmit={submitDraft}>
        <Stack gap="sm">
          {editable && (
            <TextInput
              label="Question"
              required
              value={question}
              onChange={(e) => {
                setQuestion(e.currentTarget.value);
                setDirty(true);
              }}
            />
          )}
          <Stack gap={2}>
            {decision.options.map((o) => (
              <Text size="sm" key={o.key}>
                <strong>{o.label}</strong>
                {o.description ? ` — ${o.description}` : ''}
              </Text>
            ))}
          </Stack>
          <Table.ScrollContainer minWidth={560}>
            <Table withTableBorder withColumnBorders>
              <Table.Caption>Scores 0–5 (higher is better), weighted 1–5 per criterion</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Criterion</Table.Th>
                  <Table.Th scope="col">Weight</Table.Th>
                  {decision.options.map((o) => (
                    <Table.Th scope="col" key={o.key}>
                      {o.label}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {criteria.map((c) => (
                  <Table.Tr key={c.key}>
                    <Table.Th scope="row">{c.name}</Table.Th>
                    <Table.Td>
                      {editable ? (
                        <NumberInput
                          aria-label={`Weight of ${c.name}`}
                          min={1}
                          max={5}
                          clampBehavior="strict"
                          allowDecimal={false}
                          value={c.weight}
                          onChange={(v) => setWeight(c.key, Number(v) || 1)}
                          w={80}
                        />
                      ) : (
                        c.weight
                      )}
                    </Table.Td>
                    {decision.options.map((o) => {
                      const value = scores[c.key]?.[o.key] ?? 0;
                      return (
                        <Table.Td key={o.key}>
                          {editable ? (
                            // Grid cells are labelled by their row and column, spelled out for screen readers.
                            <NumberInput
                              aria-label={`Score of “${o.label}” for “${c.name}”`}
                              min={0}
                              max={5}
                              clampBehavior="strict"
                              allowDecimal={false}
                              value={value}
                              onChange={(v) => setScore(c.key, o.key, Number(v) || 0)}
                              w={80}
                            />
                          ) : (
                            value
                          )}
                        </Table.Td>
                      );
                    })}
                  </Table.Tr>
                ))}
                <Table.Tr>
                  <Table.Th scope="row">Weighted total</Table.Th>
                  <Table.Td />
                  {totals.map((t) => (
                    <Table.Td key={t.option} fw={t.total === best ? 700 : undefined}>
                      {t.total} ({t.percent}%){t.total === best ? ' ★' : ''}
                    </Table.Td>
                  ))}
                </Table.Tr>
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {editable ? (
            <>
              <Textarea
                label="Draft rationale"
                autosize
                minRows={2}
                value={rationale}
                onChange={(e) => {
                  setRationale(e.currentTarget.value);
                  setDirty(true);
                }}
              />
              <ErrorAlert error={save.error} />
              <Group>
                <Button type="submit" variant="default" loading={save.isPending} disabled={!dirty}>
                  Save draft
                </Button>
                {dirty && <Text size="sm">Unsaved changes</Text>}
              </Group>
            </>
          ) : (
            decision.status === 'draft' && decision.rationale && <Text size="sm">Draft rationale: {decision.rationale}</Text>
          )}
        </Stack>
      </form>
      {decision.status === 'draft' && can('decision.approve') && (
        <ApproveForm incidentId={incidentId} decision={decision} blocked={dirty} />
      )}
      {decision.status !== 'draft' && (
        <Stack gap={4} mt="sm">
          <Text>
            <strong>Chosen option:</strong> {optionLabel(decision.chosen_option)}
          </Text>
          <Text style={{ whiteSpace: 'pre-wrap' }}>
            <strong>Rationale:</strong> {decision.rationale || '—'}
          </Text>
          <Text size="sm">
            Approved by {decision.approved_by ?? 'unknown'} at {formatInstant(decision.approved_at)}
            {decision.created_by ? ` · proposed by ${decision.created_by}` : ''}
          </Text>
          {decision.status === 'approved' && can('decision.propose') && (
            <Group mt="xs">
              <Button variant="default" onClick={() => revise.mutate(undefined)} loading={revise.isPending}>
                Revise decision
              </Button>
              <Text size="xs">Opens a new draft; this approved revision stays on record until the new one is approved.</Text>
            </Group>
          )}
          <ErrorAlert error={revise.error} />
        </Stack>
      )}
    </Paper>
  );
}

function ApproveForm({ incidentId, decision, blocked }: { incidentId: string; decision: Decision; blocked: boolean }) {
  const [chosen, setChosen] = useState(decision.chosen_option ?? '');
  const [rationale, setRationale] = useState(decision.rationale);
  const base = `/api/incidents/${incidentId}/decisions`;
  const approve = useApiMutation(
    (body: { version: number; chosen_option: string; rationale: string }) => api.post<Decision>(`${base}/${decision.id}/approve`, body),
    [base, `/api/incidents/${incidentId}/timeline`],
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    approve.mutate({ version: decision.version, chosen_option: chosen, rationale });
  }

  return (
    <form onSubmit={submit}>
      <Stack gap="sm" mt="md" p="sm" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
        <Title order={4} size="h5">
          Approve
        </Title>
        <Radio.Group label="Chosen option" required value={chosen} onChange={setChosen}>
          <Stack gap="xs" mt="xs">
            {decision.options.map((o) => (
              <Radio key={o.key} value={o.key} label={o.label} />
            ))}
          </Stack>
        </Radio.Group>
        <Textarea
          label="Approval rationale"
          description="Why this option; kept forever with the approval"
          required
          autosize
          minRows={2}
          value={rationale}
          onChange={(e) => setRationale(e.currentTarget.value)}
        />
        {blocked && (
          <Alert color="yellow" variant="light">
            Save the draft first: approval records the saved version.
          </Alert>
        )}
        <ErrorAlert error={approve.error} />
        <Group>
          <Button type="submit" color="green.9" loading={approve.isPending} disabled={blocked || !chosen}>
            Approve decision
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
