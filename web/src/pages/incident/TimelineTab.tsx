import { Anchor, Badge, Button, Group, NativeSelect, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api, withQuery } from '../../api';
import { DateTimeField } from '../../components/DateTimeField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EmptyState, QueryState } from '../../components/QueryState';
import { Section } from '../../components/Section';
import { browserTimeZone, formatInstant, isoToWallTime, wallTimeToIso } from '../../format';
import { useApiMutation, useApiQuery } from '../../queries';
import { useCan } from '../../session';
import type { TimelineEntry } from '../../types';
import { label, optionsOf, timelineCategories } from '../../vocabulary';

type Filter = { kind: string; category: string; from: string; to: string };

/**
 * The incident story. Each entry has two times that must never be confused: when the event happened
 * (shown in the zone it was reported in) and when it was written down here (recorded_at).
 */
export function TimelineTab({ incidentId }: { incidentId: string }) {
  const can = useCan();
  const [filter, setFilter] = useState<Filter>({ kind: '', category: '', from: '', to: '' });
  // From/to are typed in the viewer's zone; the API wants instants.
  const query = {
    kind: filter.kind,
    category: filter.category,
    from: filter.from ? wallTimeToIso(filter.from, browserTimeZone()) : undefined,
    to: filter.to ? wallTimeToIso(filter.to, browserTimeZone()) : undefined,
  };
  const base = `/api/incidents/${incidentId}/timeline`;
  const timeline = useApiQuery<{ entries: TimelineEntry[] }>(withQuery(base, query));
  const set = (key: keyof Filter) => (value: string) => setFilter((f) => ({ ...f, [key]: value }));

  return (
    <Stack>
      {can('timeline.write') && <AddEntryForm incidentId={incidentId} />}
      <Section title="Timeline">
        <Group align="flex-end" mb="sm" wrap="wrap">
          <NativeSelect
            label="Entry kind"
            value={filter.kind}
            onChange={(e) => set('kind')(e.currentTarget.value)}
            data={[
              { value: '', label: 'Manual and automatic' },
              { value: 'manual', label: 'Manual' },
              { value: 'automatic', label: 'Automatic' },
            ]}
          />
          <NativeSelect
            label="Category filter"
            value={filter.category}
            onChange={(e) => set('category')(e.currentTarget.value)}
            data={[{ value: '', label: 'All categories' }, ...optionsOf(timelineCategories)]}
          />
          <TextInput
            type="datetime-local"
            label="Events from (your zone)"
            value={filter.from}
            onChange={(e) => set('from')(e.currentTarget.value)}
          />
          <TextInput
            type="datetime-local"
            label="Events to (your zone)"
            value={filter.to}
            onChange={(e) => set('to')(e.currentTarget.value)}
          />
        </Group>
        <Group mb="sm" gap="md">
          <Text size="sm">Export with these filters:</Text>
          <Anchor href={withQuery(`${base}/export`, { ...query, format: 'csv' })} download>
            CSV
          </Anchor>
          <Anchor href={withQuery(`${base}/export`, { ...query, format: 'md' })} download>
            Markdown
          </Anchor>
        </Group>
        <QueryState query={timeline} label="timeline">
          {({ entries }) =>
            entries.length === 0 ? (
              <EmptyState title="No timeline entries match" />
            ) : (
              <Table.ScrollContainer minWidth={820}>
                <Table striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Event time (event’s zone)</Table.Th>
                      <Table.Th scope="col">Recorded at (your zone)</Table.Th>
                      <Table.Th scope="col">Category</Table.Th>
                      <Table.Th scope="col">Entry</Table.Th>
                      <Table.Th scope="col">Author</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {entries.map((e) => (
                      <Table.Tr key={e.id}>
                        <Table.Td>
                          <Text size="sm">{formatInstant(e.event_at, e.event_tz)}</Text>
                          <Text size="xs">{e.event_tz}</Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{formatInstant(e.recorded_at)}</Text>
                        </Table.Td>
                        <Table.Td>
                          <Group gap={4}>
                            <Badge variant="light" color="gray" autoContrast>
                              {label(e.category)}
                            </Badge>
                            {e.kind === 'automatic' && (
                              <Badge variant="outline" color="dark">
                                Automatic
                              </Badge>
                            )}
                          </Group>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                            {e.text}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{e.author ?? 'system'}</Text>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )
          }
        </QueryState>
      </Section>
    </Stack>
  );
}

type AddEntry = { event_at: string; event_tz: string; category: string; text: string };

function AddEntryForm({ incidentId }: { incidentId: string }) {
  const [zone, setZone] = useState(browserTimeZone);
  const [when, setWhen] = useState(() => isoToWallTime(new Date().toISOString(), browserTimeZone()));
  const [category, setCategory] = useState('investigation');
  const [text, setText] = useState('');
  const add = useApiMutation(
    (body: AddEntry) => api.post<{ id: string }>(`/api/incidents/${incidentId}/timeline`, body),
    [`/api/incidents/${incidentId}/timeline`],
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    const eventAt = wallTimeToIso(when, zone);
    if (!eventAt) return;
    add.mutate({ event_at: eventAt, event_tz: zone, category, text }, { onSuccess: () => setText('') });
  }

  return (
    <Section title="Add timeline entry">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <DateTimeField
            label="Event time"
            zoneLabel="Event time zone"
            description="When it happened, in the zone of whoever observed it"
            value={when}
            zone={zone}
            onChange={setWhen}
            onZoneChange={setZone}
            required
          />
          <NativeSelect
            label="Category"
            data={optionsOf(timelineCategories)}
            value={category}
            onChange={(e) => setCategory(e.currentTarget.value)}
          />
          <Textarea label="What happened" required autosize minRows={2} value={text} onChange={(e) => setText(e.currentTarget.value)} />
          <ErrorAlert error={add.error} />
          <Group>
            <Button type="submit" loading={add.isPending}>
              Add entry
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}
