import { Button, Checkbox, Group, NativeSelect, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import { DateTimeField } from '../../components/DateTimeField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Section } from '../../components/Section';
import { browserTimeZone, formatInstant, isoToWallTime, wallTimeToIso } from '../../format';
import { useApiMutation } from '../../queries';
import type { IncidentDetail } from '../../types';
import { label, timestampFields, type TimestampField } from '../../vocabulary';

const explain: Record<TimestampField, string> = {
  occurred_from: 'Earliest time the breach may have started',
  occurred_to: 'When it ended (if known)',
  discovered_at: 'When someone first noticed',
  aware_at: 'When the organisation became aware — starts every legal clock',
  contained_at: 'When the leak was stopped',
  closed_at: 'When the incident was closed',
};

type SetTimestamp = { version: number; field: TimestampField; value: string | null; reason: string };

/**
 * The legal timestamps, each with who set it, when and why (a regulator will ask), plus the full
 * change history. Values are shown in the viewer's zone and in UTC to avoid ambiguity.
 */
export function TimestampsPanel({ incident, canEdit }: { incident: IncidentDetail; canEdit: boolean }) {
  return (
    <Section title="Legal timestamps">
      <Table.ScrollContainer minWidth={720}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Timestamp</Table.Th>
              <Table.Th scope="col">Value</Table.Th>
              <Table.Th scope="col">Set by</Table.Th>
              <Table.Th scope="col">Reason</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {timestampFields.map((f) => {
              const value = incident[f];
              const prov = incident.timestamp_provenance[f];
              return (
                <Table.Tr key={f} bg={f === 'aware_at' ? 'var(--mantine-color-blue-light)' : undefined}>
                  <Table.Th scope="row">
                    <Text fw={600} size="sm">
                      {label(f)}
                    </Text>
                    <Text size="xs">{explain[f]}</Text>
                  </Table.Th>
                  <Table.Td>
                    {value ? (
                      <>
                        <Text size="sm">{formatInstant(value)}</Text>
                        <Text size="xs">{formatInstant(value, 'UTC')}</Text>
                      </>
                    ) : (
                      <Text size="sm" c={f === 'aware_at' ? 'orange.9' : undefined} fw={f === 'aware_at' ? 600 : undefined}>
                        Not set
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {prov ? (
                      <>
                        <Text size="sm">{prov.set_by}</Text>
                        <Text size="xs">{formatInstant(prov.set_at)}</Text>
                      </>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{prov?.reason ?? '—'}</Text>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {canEdit && <SetTimestampForm incident={incident} />}
      <TimestampHistory incident={incident} />
    </Section>
  );
}

function SetTimestampForm({ incident }: { incident: IncidentDetail }) {
  const [field, setField] = useState<TimestampField>(incident.aware_at ? 'contained_at' : 'aware_at');
  const [zone, setZone] = useState(browserTimeZone);
  const [value, setValue] = useState('');
  const [clear, setClear] = useState(false);
  const [reason, setReason] = useState('');
  const save = useApiMutation(
    (body: SetTimestamp) => api.post<IncidentDetail>(`/api/incidents/${incident.id}/timestamps`, body),
    ['/api/incidents'],
  );

  function pickField(f: TimestampField) {
    setField(f);
    // Pre-fill with the current value so correcting a timestamp starts from what is recorded.
    const current = incident[f];
    setValue(current ? isoToWallTime(current, zone) : '');
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const iso = clear ? null : wallTimeToIso(value, zone);
    if (!clear && !iso) return;
    save.mutate(
      { version: incident.version, field, value: iso, reason },
      {
        onSuccess: () => {
          setReason('');
          setClear(false);
        },
      },
    );
  }

  return (
    <form onSubmit={submit}>
      <Stack gap="sm" mt="md">
        <Title order={3} size="h5">
          Set a timestamp
        </Title>
        <NativeSelect
          label="Timestamp to set"
          data={timestampFields.map((f) => ({ value: f, label: `${label(f)} — ${explain[f]}` }))}
          value={field}
          onChange={(e) => pickField(e.currentTarget.value as TimestampField)}
        />
        <DateTimeField
          label="Date and time"
          zoneLabel="Time zone of that time"
          value={value}
          zone={zone}
          onChange={setValue}
          onZoneChange={setZone}
          required={!clear}
        />
        <Checkbox label="Clear this timestamp (set it to unknown)" checked={clear} onChange={(e) => setClear(e.currentTarget.checked)} />
        <Textarea
          label="Reason / source of this time"
          description="E.g. “first customer call logged by support”, “web server log line 1042”."
          required
          autosize
          minRows={2}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
        <ErrorAlert error={save.error} />
        <Group>
          <Button type="submit" loading={save.isPending}>
            Save timestamp
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function TimestampHistory({ incident }: { incident: IncidentDetail }) {
  if (incident.timestamp_history.length === 0) return null;
  return (
    <>
      <Title order={3} size="h5" mt="lg" mb="xs">
        Timestamp change history
      </Title>
      <Table.ScrollContainer minWidth={720}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Changed at</Table.Th>
              <Table.Th scope="col">Timestamp</Table.Th>
              <Table.Th scope="col">From</Table.Th>
              <Table.Th scope="col">To</Table.Th>
              <Table.Th scope="col">By</Table.Th>
              <Table.Th scope="col">Reason</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {incident.timestamp_history.map((h, idx) => (
              <Table.Tr key={`${h.field}-${h.set_at}-${idx}`}>
                <Table.Td>{formatInstant(h.set_at)}</Table.Td>
                <Table.Td>{label(h.field)}</Table.Td>
                <Table.Td>{formatInstant(h.previous_value)}</Table.Td>
                <Table.Td>{formatInstant(h.value)}</Table.Td>
                <Table.Td>{h.set_by}</Table.Td>
                <Table.Td>{h.reason}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}
