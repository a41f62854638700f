import { Alert, Anchor, Code, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { useApiQuery } from '../../queries';
import { readableAlert } from './obligations/vocabulary';
import { count } from './ScopingParts';

type MasterSummary = { total: number; jurisdictions: Array<{ jurisdiction: string; count: number }> };

/**
 * How many customers the leak is matched against. With an empty master every person in a leak ends up
 * "unmatched", so the tab says so before anyone trusts a total of zero. Shows nothing if the server
 * cannot answer (an older server without the customer master).
 */
export function ScopingMaster() {
  const master = useApiQuery<MasterSummary>('/api/customers/summary');
  if (!master.data) return null;
  const { total, jurisdictions } = master.data;
  if (total === 0)
    return (
      <Alert color="orange" variant="light" role="status" styles={readableAlert} title="The customer master is empty">
        <Text size="sm">
          Leak files are matched against the customer master; without it nobody can be identified as a customer. An administrator or lead
          imports it on the{' '}
          <Anchor component={Link} to="/customers" size="sm">
            Customers page
          </Anchor>{' '}
          or on the server: <Code>breachdesk customers import FILE</Code> (CSV, JSON Lines or JSON).
        </Text>
      </Alert>
    );
  const top = [...jurisdictions].sort((a, b) => b.count - a.count).slice(0, 8);
  return (
    <Text size="sm">
      {count(total)} customer{total === 1 ? '' : 's'} in the master
      {top.length > 0 &&
        ` (${top.map((j) => `${j.jurisdiction} ${count(j.count)}`).join(', ')}${jurisdictions.length > top.length ? ', …' : ''})`}
      , matched by email, phone + last name, or name + postal code.
    </Text>
  );
}
