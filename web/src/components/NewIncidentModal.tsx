import { Button, Group, Modal, NativeSelect, Stack, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../api';
import { browserTimeZone, wallTimeToIso } from '../format';
import { useApiMutation } from '../queries';
import type { IncidentDetail } from '../types';
import { incidentKinds, optionsOf, severities } from '../vocabulary';
import { DateTimeField } from './DateTimeField';
import { ErrorAlert } from './ErrorAlert';

type CreateIncident = { title: string; summary: string; severity: string; kind: string; aware_at?: string };

/** Opens an incident directly (without a report), then goes to its workspace. */
export function NewIncidentModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const [summary, setSummary] = useState('');
  const [severity, setSeverity] = useState('high');
  const [kind, setKind] = useState('real');
  const [aware, setAware] = useState('');
  const [zone, setZone] = useState(browserTimeZone);
  const create = useApiMutation((input: CreateIncident) => api.post<IncidentDetail>('/api/incidents', input), ['/api/incidents']);

  function submit(e: FormEvent) {
    e.preventDefault();
    const awareAt = aware ? wallTimeToIso(aware, zone) : null;
    create.mutate(
      { title, summary, severity, kind, aware_at: awareAt ?? undefined },
      { onSuccess: (incident) => void navigate(`/incidents/${incident.id}`) },
    );
  }

  return (
    <Modal opened={opened} onClose={onClose} title="New incident" size="lg">
      <form onSubmit={submit}>
        <Stack>
          <TextInput label="Title" required value={title} onChange={(e) => setTitle(e.currentTarget.value)} data-autofocus />
          <Textarea label="Summary" autosize minRows={3} value={summary} onChange={(e) => setSummary(e.currentTarget.value)} />
          <Group grow>
            <NativeSelect
              label="Severity"
              data={optionsOf(severities)}
              value={severity}
              onChange={(e) => setSeverity(e.currentTarget.value)}
            />
            <NativeSelect label="Kind" data={optionsOf(incidentKinds)} value={kind} onChange={(e) => setKind(e.currentTarget.value)} />
          </Group>
          <DateTimeField
            label="Aware at"
            zoneLabel="Aware at time zone"
            description="When the organisation became aware; starts the legal clocks. You can set it later."
            value={aware}
            zone={zone}
            onChange={setAware}
            onZoneChange={setZone}
          />
          <ErrorAlert error={create.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Open incident
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
