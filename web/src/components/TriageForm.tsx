import { Button, Group, NativeSelect, Radio, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../api';
import { browserTimeZone, wallTimeToIso } from '../format';
import { useApiMutation, useApiQuery } from '../queries';
import type { Incident, Report } from '../types';
import { incidentKinds, optionsOf, severities } from '../vocabulary';
import { DateTimeField } from './DateTimeField';
import { ErrorAlert } from './ErrorAlert';

type Outcome = 'incident' | 'attach' | 'not_incident';
type TriageResult = { report_id: string; outcome: string; incident_id: string | null };

/** Decides what a report is: a new incident, part of an existing one, or not an incident (with the reason kept). */
export function TriageForm({ report, onDone }: { report: Report; onDone: () => void }) {
  const navigate = useNavigate();
  const [outcome, setOutcome] = useState<Outcome>('incident');
  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState('high');
  const [kind, setKind] = useState('real');
  const [aware, setAware] = useState('');
  const [zone, setZone] = useState(browserTimeZone);
  const [incidentId, setIncidentId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const incidents = useApiQuery<{ incidents: Incident[] }>(outcome === 'attach' ? '/api/incidents' : null);
  const triage = useApiMutation(
    (body: Record<string, unknown>) => api.post<TriageResult>(`/api/reports/${report.id}/triage`, body),
    ['/api/reports', '/api/incidents'],
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    const body: Record<string, unknown> =
      outcome === 'incident'
        ? {
            outcome,
            version: report.version,
            title,
            severity,
            kind,
            aware_at: aware ? (wallTimeToIso(aware, zone) ?? undefined) : undefined,
          }
        : outcome === 'attach'
          ? { outcome, version: report.version, incident_id: incidentId ?? '' }
          : { outcome, version: report.version, reason };
    triage.mutate(body, {
      onSuccess: (result) => {
        onDone();
        if (result.incident_id) void navigate(`/incidents/${result.incident_id}`);
      },
    });
  }

  return (
    <form onSubmit={submit}>
      <Stack>
        <Radio.Group label="Triage outcome" value={outcome} onChange={(v) => setOutcome(v)}>
          <Stack gap="xs" mt="xs">
            <Radio value="incident" label="Create incident" />
            <Radio value="attach" label="Attach to an existing incident" />
            <Radio value="not_incident" label="Not an incident" />
          </Stack>
        </Radio.Group>
        {outcome === 'incident' && (
          <>
            <TextInput label="Incident title" required value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
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
              description="Leave empty to use the time the report came in."
              value={aware}
              zone={zone}
              onChange={setAware}
              onZoneChange={setZone}
            />
          </>
        )}
        {outcome === 'attach' && (
          <Select
            label="Incident"
            placeholder={incidents.isPending ? 'Loading incidents…' : 'Pick an incident'}
            required
            searchable
            data={(incidents.data?.incidents ?? []).map((i) => ({ value: i.id, label: `${i.ref} — ${i.title}` }))}
            value={incidentId}
            onChange={setIncidentId}
            nothingFoundMessage="No incident matches"
          />
        )}
        {outcome === 'not_incident' && (
          <Textarea
            label="Reason"
            description="Why this is not an incident; kept with the report for the record."
            required
            autosize
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
        )}
        <ErrorAlert error={triage.error} />
        <Group justify="flex-end">
          <Button type="submit" loading={triage.isPending}>
            {outcome === 'incident' ? 'Create incident' : outcome === 'attach' ? 'Attach to incident' : 'Close as not an incident'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
