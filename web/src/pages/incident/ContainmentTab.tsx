import { Badge, Button, Group, NativeSelect, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { OwnerSelect } from '../../components/OwnerSelect';
import { EmptyState, QueryState } from '../../components/QueryState';
import { Section } from '../../components/Section';
import { formatInstant } from '../../format';
import { useApiMutation, useApiQuery } from '../../queries';
import { useCan } from '../../session';
import type { Countermeasure } from '../../types';
import { countermeasureTransitions, label, optionsOf } from '../../vocabulary';

const statusColor: Record<string, string> = { planned: 'blue', active: 'orange', pending_removal: 'yellow', removed: 'gray' };

/**
 * Containment countermeasures (maintenance page, blocked endpoint, rotated keys…). Their lifecycle
 * planned → active → pending removal → removed is tracked because a forgotten active measure is itself a risk.
 */
export function ContainmentTab({ incidentId }: { incidentId: string }) {
  const canWrite = useCan()('countermeasure.write');
  const list = useApiQuery<{ countermeasures: Countermeasure[] }>(`/api/incidents/${incidentId}/countermeasures`);
  return (
    <Stack>
      {canWrite && <NewCountermeasureForm incidentId={incidentId} />}
      <Title order={2} size="h3">
        Countermeasures
      </Title>
      <QueryState query={list} label="countermeasures">
        {({ countermeasures }) =>
          countermeasures.length === 0 ? (
            <EmptyState title="No countermeasures yet" />
          ) : (
            countermeasures.map((c) => (
              <CountermeasureCard key={`${c.id}-${c.version}`} incidentId={incidentId} item={c} canWrite={canWrite} />
            ))
          )
        }
      </QueryState>
    </Stack>
  );
}

function CountermeasureCard({ incidentId, item, canWrite }: { incidentId: string; item: Countermeasure; canWrite: boolean }) {
  const headingId = useId();
  const next = countermeasureTransitions[item.status] ?? [];
  const [status, setStatus] = useState(next[0] ?? '');
  const [note, setNote] = useState('');
  const move = useApiMutation(
    (body: { version: number; status: string; note: string }) =>
      api.post<Countermeasure>(`/api/incidents/${incidentId}/countermeasures/${item.id}/transition`, body),
    [`/api/incidents/${incidentId}/countermeasures`, `/api/incidents/${incidentId}/timeline`],
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    move.mutate({ version: item.version, status, note });
  }

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={headingId}>
      <Group justify="space-between" align="flex-start">
        <Title order={3} size="h5" id={headingId}>
          {item.title}
        </Title>
        <Badge color={statusColor[item.status] ?? 'gray'} autoContrast>
          {label(item.status)}
        </Badge>
      </Group>
      {item.description && (
        <Text size="sm" mt="xs" style={{ whiteSpace: 'pre-wrap' }}>
          {item.description}
        </Text>
      )}
      <Text size="xs" mt="xs">
        Owner: {item.owner_email ?? 'nobody'} · updated {formatInstant(item.updated_at)}
      </Text>
      {canWrite && next.length > 0 && (
        <form onSubmit={submit}>
          <Group align="flex-end" mt="sm" wrap="wrap">
            <NativeSelect label="Move to" data={optionsOf(next)} value={status} onChange={(e) => setStatus(e.currentTarget.value)} />
            <TextInput label="Note" value={note} onChange={(e) => setNote(e.currentTarget.value)} style={{ flex: 1, minWidth: 200 }} />
            <Button type="submit" loading={move.isPending}>
              Update status
            </Button>
          </Group>
          <ErrorAlert error={move.error} />
        </form>
      )}
    </Paper>
  );
}

type NewCountermeasure = { title: string; description: string; owner_id: string | null; status: string };

function NewCountermeasureForm({ incidentId }: { incidentId: string }) {
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [owner, setOwner] = useState('');
  const [status, setStatus] = useState('planned');
  const create = useApiMutation(
    (body: NewCountermeasure) => api.post<Countermeasure>(`/api/incidents/${incidentId}/countermeasures`, body),
    [`/api/incidents/${incidentId}/countermeasures`, `/api/incidents/${incidentId}/timeline`],
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate(
      { title, description, owner_id: owner || null, status },
      {
        onSuccess: () => {
          setTitle('');
          setDescription('');
        },
      },
    );
  }

  return (
    <Section title="New countermeasure">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <TextInput label="Countermeasure" required value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
          <Textarea label="Description" autosize minRows={2} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
          <Group grow wrap="wrap">
            <OwnerSelect label="Owner" value={owner} onChange={setOwner} />
            <NativeSelect
              label="Initial status"
              data={optionsOf(['planned', 'active'])}
              value={status}
              onChange={(e) => setStatus(e.currentTarget.value)}
            />
          </Group>
          <ErrorAlert error={create.error} />
          <Group>
            <Button type="submit" loading={create.isPending}>
              Add countermeasure
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}
