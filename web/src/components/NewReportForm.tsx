import { Button, Group, NativeSelect, Paper, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { browserTimeZone, wallTimeToIso } from '../format';
import { useApiMutation } from '../queries';
import type { Report } from '../types';
import { optionsOf, reportSources } from '../vocabulary';
import { DateTimeField } from './DateTimeField';
import { ErrorAlert } from './ErrorAlert';

type CreateReport = {
  source: string;
  reporter_name?: string;
  reporter_contact?: string;
  observed: string;
  reported_at?: string;
  reporter_tz: string;
};

/**
 * Intake: capture what someone observed, in their words, with their time zone. Kept short on purpose so
 * support staff can record a call while it happens; triage comes afterwards.
 */
export function NewReportForm({ onCreated }: { onCreated: (report: Report) => void }) {
  const [source, setSource] = useState('customer_call');
  const [name, setName] = useState('');
  const [contact, setContact] = useState('');
  const [observed, setObserved] = useState('');
  const [reportedAt, setReportedAt] = useState('');
  const [zone, setZone] = useState(browserTimeZone);
  const create = useApiMutation((input: CreateReport) => api.post<Report>('/api/reports', input), ['/api/reports']);

  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate(
      {
        source,
        reporter_name: name.trim() || undefined,
        reporter_contact: contact.trim() || undefined,
        observed,
        reported_at: reportedAt ? (wallTimeToIso(reportedAt, zone) ?? undefined) : undefined,
        reporter_tz: zone,
      },
      {
        onSuccess: (report) => {
          setName('');
          setContact('');
          setObserved('');
          setReportedAt('');
          onCreated(report);
        },
      },
    );
  }

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="new-report-heading">
      <Title order={2} size="h3" id="new-report-heading" mb="sm">
        New report
      </Title>
      <form onSubmit={submit}>
        <Stack>
          <Group grow wrap="wrap">
            <NativeSelect
              label="Source"
              data={optionsOf(reportSources)}
              value={source}
              onChange={(e) => setSource(e.currentTarget.value)}
            />
            <TextInput label="Reporter name" value={name} onChange={(e) => setName(e.currentTarget.value)} />
            <TextInput
              label="Reporter contact"
              description="Email or phone; encrypted at rest"
              value={contact}
              onChange={(e) => setContact(e.currentTarget.value)}
            />
          </Group>
          <Textarea
            label="What was observed"
            description="In the reporter’s own words"
            required
            autosize
            minRows={3}
            value={observed}
            onChange={(e) => setObserved(e.currentTarget.value)}
          />
          <DateTimeField
            label="Reported at"
            zoneLabel="Reporter time zone"
            description="Leave empty for now"
            value={reportedAt}
            zone={zone}
            onChange={setReportedAt}
            onZoneChange={setZone}
          />
          <ErrorAlert error={create.error} />
          <Group>
            <Button type="submit" loading={create.isPending}>
              Save report
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
