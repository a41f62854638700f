import { Alert, Button, Group, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { withQuery } from '../../api';
import { QueryState } from '../../components/QueryState';
import { useApiQuery } from '../../queries';
import type { PersonResult, UnmatchedPerson } from '../../types';
import { readableAlert } from './obligations/vocabulary';
import { ContactFields, count, DataTypeBadges, ruleLabel } from './ScopingParts';

type Query = { email: string; phone: string; name: string; postal_code: string; customer_ref: string };
const empty: Query = { email: '', phone: '', name: '', postal_code: '', customer_ref: '' };

/** Same rule as the server's personQuery: email, phone, name together with postal code, or a customer reference. */
const searchable = (q: Query) => !!(q.email || q.phone || (q.name && q.postal_code) || q.customer_ref);

/**
 * "Was my data in the leak?": finds one person (a customer calling in, a data-subject request) and shows
 * what was exposed and in which files. Every search is recorded in the audit log, so it runs only on submit.
 */
export function ScopingPerson({ incidentId }: { incidentId: string }) {
  const base = `/api/incidents/${incidentId}/scoping`;
  const [form, setForm] = useState<Query>(empty);
  const [submitted, setSubmitted] = useState<Query | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const result = useApiQuery<PersonResult>(submitted ? withQuery(`${base}/person`, submitted) : null);

  function submit(e: FormEvent) {
    e.preventDefault();
    const q = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, v.trim()])) as Query;
    if (!searchable(q)) {
      setProblem('Enter an email, a phone number, a name together with a postal code, or a customer reference.');
      return;
    }
    setProblem(null);
    setSubmitted(q);
  }

  const input = (key: keyof Query, label: string, type = 'text') => (
    <TextInput label={label} type={type} value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.currentTarget.value })} />
  );

  return (
    <Stack gap="sm">
      <form onSubmit={submit} aria-label="Find a person">
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2, md: 5 }} spacing="sm">
            {input('email', 'Email', 'email')}
            {input('phone', 'Phone', 'tel')}
            {input('name', 'Name')}
            {input('postal_code', 'Postal code')}
            {input('customer_ref', 'Customer reference')}
          </SimpleGrid>
          {problem && (
            <Text size="sm" c="red.9" role="alert">
              {problem}
            </Text>
          )}
          <Group>
            <Button type="submit" loading={result.isFetching}>
              Find person
            </Button>
            <Text size="xs">Searches are recorded in the audit log.</Text>
          </Group>
        </Stack>
      </form>
      {submitted && (
        <QueryState query={result} label="search result">
          {(r) => <PersonResults result={r} />}
        </QueryState>
      )}
    </Stack>
  );
}

function PersonResults({ result }: { result: PersonResult }) {
  if (result.customers.length === 0 && result.unmatched.length === 0)
    return (
      <Alert color="gray" variant="light" role="status" styles={readableAlert} title="Not found">
        Nobody matching this search is in the customer master or among the unmatched people in the leak files scanned so far.
      </Alert>
    );
  return (
    <Stack gap="sm" role="region" aria-label="Search result">
      {result.customers.map((c) => (
        <Paper key={c.customer_id} withBorder p="sm" radius="md" component="article" aria-label={`Customer ${c.customer_ref}`}>
          <Title order={3} size="h5">
            Customer {c.customer_ref} ({c.jurisdiction})
          </Title>
          <ContactFields contact={c.contact} />
          {c.exposed ? (
            <Stack gap={4} mt="xs">
              <Text size="sm" fw={700} c="red.9">
                Exposed in {count(c.exposed.files)} file{c.exposed.files === 1 ? '' : 's'} ({count(c.exposed.records)} records):
              </Text>
              <DataTypeBadges types={c.exposed.data_types} />
              <Sources sources={c.sources.map((s) => ({ ...s, how: ruleLabel(s.rule) }))} />
            </Stack>
          ) : (
            <Text size="sm" mt="xs" fw={600} c="teal.9">
              A customer, but not found in the leak files scanned so far.
            </Text>
          )}
        </Paper>
      ))}
      {result.unmatched.map((p, i) => (
        <UnmatchedCard key={i} person={p} />
      ))}
    </Stack>
  );
}

function UnmatchedCard({ person }: { person: UnmatchedPerson }) {
  return (
    <Paper withBorder p="sm" radius="md" component="article" aria-label="Person in the leak, not a customer">
      <Title order={3} size="h5">
        In the leak, not a customer
      </Title>
      <ContactFields contact={{ name: person.name, email: person.email, phone: person.phone, postal_code: person.postal_code }} />
      <DataTypeBadges types={person.data_types} />
      <Sources sources={person.sources} />
    </Paper>
  );
}

/** Where a person's data was found: file and number of records (and, for customers, data types and match rule). */
function Sources({ sources }: { sources: Array<{ file: string; records: number; data_types?: string[]; how?: string }> }) {
  return (
    <Table.ScrollContainer minWidth={420}>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">File</Table.Th>
            <Table.Th scope="col">Records</Table.Th>
            {sources.some((s) => s.data_types) && <Table.Th scope="col">Data types</Table.Th>}
            {sources.some((s) => s.how) && <Table.Th scope="col">Matched by</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sources.map((s, i) => (
            <Table.Tr key={`${s.file}-${i}`}>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{s.file}</Table.Td>
              <Table.Td>{count(s.records)}</Table.Td>
              {s.data_types && (
                <Table.Td>
                  <DataTypeBadges types={s.data_types} />
                </Table.Td>
              )}
              {s.how && <Table.Td>{s.how}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
