import { Alert, Stack, Text, Title } from '@mantine/core';
import { Section } from '../components/Section';
import { useCan } from '../session';
import { CustomerSearch } from './customers/CustomerSearch';
import { CustomerSummary } from './customers/CustomerSummary';
import { ImportForm } from './customers/ImportForm';
import { ImportHistory } from './customers/ImportHistory';

/**
 * The customer master that scoping matches leaked records against: how many customers per jurisdiction, import
 * (admin, lead) with a dry-run preview first, the import history, and search with decrypted contact (roles with
 * customer.read). Sections a role cannot use are left out; the server checks every call anyway.
 */
export function CustomersPage() {
  const can = useCan();
  if (!can('scoping.read')) {
    return (
      <>
        <Title order={1}>Customers</Title>
        <Alert color="gray" variant="light" mt="md">
          Your role cannot see the customer master.
        </Alert>
      </>
    );
  }
  return (
    <Stack>
      <Title order={1}>Customers</Title>
      <Text size="sm">
        The shop’s customer list. Scoping matches every leaked record against it to tell who is affected and in which jurisdiction. Contact
        data is stored encrypted.
      </Text>
      <Section title="Customer master">
        <CustomerSummary />
      </Section>
      {can('customer.import') ? (
        <Section title="Import customers">
          <ImportForm />
        </Section>
      ) : (
        <Alert color="gray" variant="light">
          Only administrators and incident leads can import the customer master.
        </Alert>
      )}
      {can('customer.read') && (
        <Section title="Search customers">
          <CustomerSearch />
        </Section>
      )}
      <Section title="Import history">
        <ImportHistory />
      </Section>
    </Stack>
  );
}
