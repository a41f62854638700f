import { Alert, Button, Group, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api, withQuery } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatInstant } from '../../format';
import { useApiMutation } from '../../queries';
import type { Customer } from '../../types';
import { readableAlert } from '../incident/obligations/vocabulary';
import { ContactFields } from '../incident/ScopingParts';
import { jurisdictionLabel } from './CustomerParts';

type Query = { email: string; phone: string; name: string; postal_code: string; customer_ref: string };
const empty: Query = { email: '', phone: '', name: '', postal_code: '', customer_ref: '' };

/** Same rule as the server's customerQuery: email, phone, name together with postal code, or a customer reference. */
const searchable = (q: Query) => !!(q.email || q.phone || (q.name && q.postal_code) || q.customer_ref);

/**
 * Finds customers in the master by a blind-index lookup and shows their decrypted contact. Every search is
 * written to the audit log, so it runs once per click (a mutation, not a cached query that refetches by itself).
 */
export function CustomerSearch() {
  const [form, setForm] = useState<Query>(empty);
  const [problem, setProblem] = useState<string | null>(null);
  const search = useApiMutation((q: Query) => api.get<{ customers: Customer[] }>(withQuery('/api/customers/search', q)));

  function submit(e: FormEvent) {
    e.preventDefault();
    const q = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, v.trim()])) as Query;
    if (!searchable(q)) {
      setProblem('Enter an email, a phone number, a name together with a postal code, or a customer reference.');
      return;
    }
    setProblem(null);
    search.mutate(q);
  }

  const input = (key: keyof Query, label: string, type = 'text') => (
    <TextInput label={label} type={type} value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.currentTarget.value })} />
  );

  return (
    <Stack gap="sm">
      <form onSubmit={submit} aria-label="Search customers">
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
            <Button type="submit" loading={search.isPending}>
              Search customers
            </Button>
            <Text size="xs">Searches are recorded in the audit log.</Text>
          </Group>
        </Stack>
      </form>
      <ErrorAlert error={search.error} />
      {search.data &&
        (search.data.customers.length === 0 ? (
          <Alert color="gray" variant="light" role="status" styles={readableAlert} title="No customer found">
            Nobody in the customer master matches this search.
          </Alert>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table striped aria-label="Customers found">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Customer reference</Table.Th>
                  <Table.Th scope="col">Jurisdiction</Table.Th>
                  <Table.Th scope="col">Contact</Table.Th>
                  <Table.Th scope="col">Last imported</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {search.data.customers.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Th scope="row" fw={600}>
                      <Text size="sm">{c.customer_ref}</Text>
                    </Table.Th>
                    <Table.Td>{jurisdictionLabel(c.jurisdiction)}</Table.Td>
                    <Table.Td>
                      <ContactFields contact={c.contact} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatInstant(c.updated_at)}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ))}
    </Stack>
  );
}
