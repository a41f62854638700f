import { Button, Group, NativeSelect, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Section } from '../../components/Section';
import { useApiMutation } from '../../queries';
import { useCan } from '../../session';
import type { IncidentDetail } from '../../types';
import { incidentKinds, label, optionsOf, severities } from '../../vocabulary';
import { TimestampsPanel } from './TimestampsPanel';

/** Status, details and the legal timestamps of one incident. */
export function OverviewTab({ incident }: { incident: IncidentDetail }) {
  const can = useCan();
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <StatusPanel incident={incident} canChange={can('incident.update')} />
        <DetailsPanel key={incident.version} incident={incident} canEdit={can('incident.update')} />
      </SimpleGrid>
      <TimestampsPanel incident={incident} canEdit={can('incident.update')} />
    </Stack>
  );
}

function StatusPanel({ incident, canChange }: { incident: IncidentDetail; canChange: boolean }) {
  const next = incident.allowed_next_statuses;
  const [status, setStatus] = useState('');
  const [reason, setReason] = useState('');
  const change = useApiMutation(
    (body: { version: number; status: string; reason: string }) => api.post<IncidentDetail>(`/api/incidents/${incident.id}/status`, body),
    [`/api/incidents`],
  );
  const chosen = next.includes(status) ? status : (next[0] ?? '');

  function submit(e: FormEvent) {
    e.preventDefault();
    change.mutate({ version: incident.version, status: chosen, reason }, { onSuccess: () => setReason('') });
  }

  return (
    <Section title="Status">
      <Text mb="xs">
        Current status: <strong>{label(incident.status)}</strong>
      </Text>
      <Text size="sm" mb="sm">
        Possible next: {next.length ? next.map(label).join(', ') : 'none'}
      </Text>
      {canChange && next.length > 0 && (
        <form onSubmit={submit}>
          <Stack gap="sm">
            <NativeSelect label="New status" data={optionsOf(next)} value={chosen} onChange={(e) => setStatus(e.currentTarget.value)} />
            <Textarea
              label="Reason for status change"
              required
              autosize
              minRows={2}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
            />
            <ErrorAlert error={change.error} />
            <Group>
              <Button type="submit" loading={change.isPending}>
                Change status
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Section>
  );
}

type DetailsPatch = { version: number; title: string; summary: string; severity: string; kind: string };

/** Keyed by version in the parent, so the form resets to the server's values after every change. */
function DetailsPanel({ incident, canEdit }: { incident: IncidentDetail; canEdit: boolean }) {
  const [title, setTitle] = useState(incident.title);
  const [summary, setSummary] = useState(incident.summary);
  const [severity, setSeverity] = useState(incident.severity);
  const [kind, setKind] = useState(incident.kind);
  const save = useApiMutation((body: DetailsPatch) => api.patch<IncidentDetail>(`/api/incidents/${incident.id}`, body), ['/api/incidents']);

  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate({ version: incident.version, title, summary, severity, kind });
  }

  return (
    <Section title="Details">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <TextInput label="Title" required readOnly={!canEdit} value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
          <Textarea
            label="Summary"
            autosize
            minRows={3}
            readOnly={!canEdit}
            value={summary}
            onChange={(e) => setSummary(e.currentTarget.value)}
          />
          <Group grow>
            <NativeSelect
              label="Severity"
              disabled={!canEdit}
              data={optionsOf(severities)}
              value={severity}
              onChange={(e) => setSeverity(e.currentTarget.value)}
            />
            <NativeSelect
              label="Kind"
              disabled={!canEdit}
              data={optionsOf(incidentKinds)}
              value={kind}
              onChange={(e) => setKind(e.currentTarget.value)}
            />
          </Group>
          <ErrorAlert error={save.error} />
          {canEdit && (
            <Group>
              <Button type="submit" loading={save.isPending}>
                Save details
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Section>
  );
}
