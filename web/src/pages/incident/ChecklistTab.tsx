import { Badge, Button, Group, MultiSelect, NativeSelect, Paper, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EmptyState, QueryState } from '../../components/QueryState';
import { formatInstant } from '../../format';
import { useApiMutation, useApiQuery } from '../../queries';
import { useCan } from '../../session';
import type { ChecklistHistoryEntry, ChecklistItem, Evidence } from '../../types';
import { confidenceLevels, label, optionsOf } from '../../vocabulary';

const confidenceColor: Record<string, string> = { unknown: 'gray', low: 'red', medium: 'yellow', high: 'teal', confirmed: 'green' };

/** The investigation questions (when, how, who, what data); every answer carries a confidence and evidence links. */
export function ChecklistTab({ incidentId }: { incidentId: string }) {
  const items = useApiQuery<{ items: ChecklistItem[] }>(`/api/incidents/${incidentId}/checklist`);
  const evidence = useApiQuery<{ evidence: Evidence[] }>(`/api/incidents/${incidentId}/evidence`);
  const canAnswer = useCan()('checklist.answer');
  const evidenceOptions = (evidence.data?.evidence ?? []).map((e) => ({ value: e.id, label: `${e.filename} (${e.sha256.slice(0, 12)}…)` }));
  return (
    <Stack>
      <Title order={2} size="h3">
        Investigation checklist
      </Title>
      <QueryState query={items} label="checklist">
        {({ items: list }) =>
          list.length === 0 ? (
            <EmptyState title="No checklist questions for this incident" />
          ) : (
            list.map((item) => (
              <ChecklistItemCard
                key={`${item.id}-${item.version}`}
                incidentId={incidentId}
                item={item}
                canAnswer={canAnswer}
                evidenceOptions={evidenceOptions}
              />
            ))
          )
        }
      </QueryState>
    </Stack>
  );
}

type Answer = { version: number; answer: string; confidence: string; evidence_ids: string[] };

function ChecklistItemCard({
  incidentId,
  item,
  canAnswer,
  evidenceOptions,
}: {
  incidentId: string;
  item: ChecklistItem;
  canAnswer: boolean;
  evidenceOptions: Array<{ value: string; label: string }>;
}) {
  const headingId = useId();
  const [answer, setAnswer] = useState(item.answer);
  const [confidence, setConfidence] = useState(item.confidence);
  const [evidenceIds, setEvidenceIds] = useState(item.evidence_ids);
  const [showHistory, setShowHistory] = useState(false);
  const save = useApiMutation(
    (body: Answer) => api.put<ChecklistItem>(`/api/incidents/${incidentId}/checklist/${item.id}`, body),
    [`/api/incidents/${incidentId}/checklist`],
  );
  // Evidence ids that are no longer listed (e.g. not visible to this role) are still kept and shown as ids.
  const options = [
    ...evidenceOptions,
    ...evidenceIds.filter((id) => !evidenceOptions.some((o) => o.value === id)).map((id) => ({ value: id, label: id })),
  ];

  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate({ version: item.version, answer, confidence, evidence_ids: evidenceIds });
  }

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={headingId}>
      <Group justify="space-between" align="flex-start" mb="xs">
        <Title order={3} size="h5" id={headingId}>
          {item.question}
        </Title>
        <Badge color={confidenceColor[item.confidence] ?? 'gray'} autoContrast>
          Confidence: {label(item.confidence)}
        </Badge>
      </Group>
      <Text size="xs" mb="sm">
        {item.updated_at ? `Last answered by ${item.updated_by ?? 'unknown'} at ${formatInstant(item.updated_at)}` : 'Not answered yet'}
      </Text>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Textarea
            label="Answer"
            autosize
            minRows={2}
            readOnly={!canAnswer}
            value={answer}
            onChange={(e) => setAnswer(e.currentTarget.value)}
          />
          <Group grow align="flex-start" wrap="wrap">
            <NativeSelect
              label="Confidence"
              disabled={!canAnswer}
              data={optionsOf(confidenceLevels)}
              value={confidence}
              onChange={(e) => setConfidence(e.currentTarget.value)}
            />
            <MultiSelect
              label="Supporting evidence"
              placeholder={options.length ? 'Pick files' : 'No evidence uploaded yet'}
              disabled={!canAnswer}
              data={options}
              value={evidenceIds}
              onChange={setEvidenceIds}
              searchable
            />
          </Group>
          <ErrorAlert error={save.error} />
          <Group>
            {canAnswer && (
              <Button type="submit" loading={save.isPending}>
                Save answer
              </Button>
            )}
            <Button variant="subtle" onClick={() => setShowHistory((v) => !v)} aria-expanded={showHistory}>
              {showHistory ? 'Hide history' : 'Show history'}
            </Button>
          </Group>
        </Stack>
      </form>
      {showHistory && <ChecklistHistory incidentId={incidentId} itemId={item.id} />}
    </Paper>
  );
}

function ChecklistHistory({ incidentId, itemId }: { incidentId: string; itemId: string }) {
  const history = useApiQuery<{ history: ChecklistHistoryEntry[] }>(`/api/incidents/${incidentId}/checklist/${itemId}/history`);
  return (
    <QueryState query={history} label="answer history">
      {({ history: list }) =>
        list.length === 0 ? (
          <Text size="sm" mt="sm">
            No earlier answers.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={560} mt="sm">
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Answered at</Table.Th>
                  <Table.Th scope="col">By</Table.Th>
                  <Table.Th scope="col">Confidence</Table.Th>
                  <Table.Th scope="col">Answer</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((h, i) => (
                  <Table.Tr key={`${h.answered_at}-${i}`}>
                    <Table.Td>{formatInstant(h.answered_at)}</Table.Td>
                    <Table.Td>{h.answered_by}</Table.Td>
                    <Table.Td>{label(h.confidence)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{h.answer || '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )
      }
    </QueryState>
  );
}
