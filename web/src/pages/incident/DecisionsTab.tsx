import { Button, Group, NativeSelect, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EmptyState, QueryState } from '../../components/QueryState';
import { Section } from '../../components/Section';
import { useApiMutation, useApiQuery } from '../../queries';
import { useCan } from '../../session';
import type { Decision, DecisionTemplate } from '../../types';
import { DecisionCard } from './DecisionCard';
import { keyFor } from './decisionMath';

/**
 * Scored decisions. Each series (one question) shows its current revision; superseded revisions stay
 * listed under it because the record of what was decided earlier, and why, must survive.
 */
export function DecisionsTab({ incidentId }: { incidentId: string }) {
  const can = useCan();
  const decisions = useApiQuery<{ decisions: Decision[] }>(`/api/incidents/${incidentId}/decisions`);
  return (
    <Stack>
      {can('decision.propose') && <ProposeDecision incidentId={incidentId} />}
      <Title order={2} size="h3">
        Decisions
      </Title>
      <QueryState query={decisions} label="decisions">
        {({ decisions: list }) =>
          list.length === 0 ? (
            <EmptyState title="No decisions recorded yet">
              <Text size="sm">Start from a template above, e.g. “Take the storefront offline?”.</Text>
            </EmptyState>
          ) : (
            groupBySeries(list).map((series) => (
              <Stack key={series[0]?.series_id} gap="xs">
                {series.map((d) => (
                  <DecisionCard key={`${d.id}-${d.version}`} incidentId={incidentId} decision={d} />
                ))}
              </Stack>
            ))
          )
        }
      </QueryState>
    </Stack>
  );
}

/** Newest revision first within each series; series in the order the server lists them. */
function groupBySeries(list: Decision[]): Decision[][] {
  const bySeries = new Map<string, Decision[]>();
  for (const d of list) bySeries.set(d.series_id, [...(bySeries.get(d.series_id) ?? []), d]);
  return [...bySeries.values()].map((s) => [...s].sort((a, b) => b.revision - a.revision));
}

function ProposeDecision({ incidentId }: { incidentId: string }) {
  const templates = useApiQuery<{ templates: Record<string, DecisionTemplate> }>('/api/decision-templates');
  const [template, setTemplate] = useState('');
  const create = useApiMutation(
    (body: unknown) => api.post<Decision>(`/api/incidents/${incidentId}/decisions`, body),
    [`/api/incidents/${incidentId}/decisions`],
  );
  const entries = Object.entries(templates.data?.templates ?? {});
  const chosen = template || entries[0]?.[0] || '';

  return (
    <Section title="Propose a decision">
      <Stack>
        <Group align="flex-end" wrap="wrap">
          <NativeSelect
            label="Template"
            data={entries.map(([key, t]) => ({ value: key, label: t.question }))}
            value={chosen}
            onChange={(e) => setTemplate(e.currentTarget.value)}
            disabled={entries.length === 0}
          />
          <Button onClick={() => create.mutate({ template: chosen })} loading={create.isPending} disabled={!chosen}>
            Create from template
          </Button>
        </Group>
        <ErrorAlert error={create.error ?? templates.error} />
        <BlankDecisionForm onCreate={(body) => create.mutate(body)} pending={create.isPending} />
      </Stack>
    </Section>
  );
}

/** A custom decision: one option per line, one criterion per line as "name = weight". Keys are derived. */
function BlankDecisionForm({ onCreate, pending }: { onCreate: (body: unknown) => void; pending: boolean }) {
  const [question, setQuestion] = useState('');
  const [options, setOptions] = useState('');
  const [criteria, setCriteria] = useState('');

  function submit(e: FormEvent) {
    e.preventDefault();
    const optionKeys = new Set<string>();
    const criterionKeys = new Set<string>();
    const lines = (text: string) =>
      text
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
    onCreate({
      question,
      options: lines(options).map((l) => ({ key: keyFor(l, optionKeys), label: l, description: '' })),
      criteria: lines(criteria).map((l) => {
        const m = /^(.*?)(?:\s*=\s*(\d))?$/.exec(l);
        const name = m?.[1]?.trim() || l;
        const weight = Math.min(5, Math.max(1, Number(m?.[2] ?? 3)));
        return { key: keyFor(name, criterionKeys), name, weight };
      }),
      scores: {},
    });
  }

  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <Title order={3} size="h5">
          Or a blank decision
        </Title>
        <TextInput label="Question" required value={question} onChange={(e) => setQuestion(e.currentTarget.value)} />
        <Textarea
          label="Options"
          description="One per line, at least two"
          required
          autosize
          minRows={2}
          value={options}
          onChange={(e) => setOptions(e.currentTarget.value)}
        />
        <Textarea
          label="Criteria"
          description="One per line as “name = weight” (weight 1–5, default 3)"
          autosize
          minRows={2}
          value={criteria}
          onChange={(e) => setCriteria(e.currentTarget.value)}
        />
        <Group>
          <Button type="submit" variant="default" loading={pending}>
            Create blank decision
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
