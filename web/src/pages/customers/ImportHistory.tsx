import { Badge, Code, Table, Text } from '@mantine/core';
import { EmptyState, QueryState } from '../../components/QueryState';
import { formatInstant } from '../../format';
import { useApiQuery } from '../../queries';
import type { CustomerImportRecord, User } from '../../types';
import { count } from '../incident/ScopingParts';

const statusColors: Record<string, string> = { done: 'teal.9', failed: 'red.9', running: 'blue.9' };
const statusLabels: Record<string, string> = { done: 'Done', failed: 'Failed', running: 'Running' };

/** Past imports, newest first: file, hash, status, counts, who and when. Dry runs are not recorded. */
export function ImportHistory() {
  const history = useApiQuery<{ imports: CustomerImportRecord[] }>('/api/customers/imports');
  const users = useApiQuery<{ users: User[] }>('/api/users');
  const names = new Map((users.data?.users ?? []).map((u) => [u.id, u.display_name ? `${u.display_name} (${u.email})` : u.email]));
  // imported_by is null for the command line, which acts as a system actor.
  const who = (id: string | null) => (id ? (names.get(id) ?? `${id.slice(0, 8)}…`) : 'Command line');

  return (
    <QueryState query={history} label="the import history">
      {({ imports }) =>
        imports.length === 0 ? (
          <EmptyState title="No imports yet" />
        ) : (
          <Table.ScrollContainer minWidth={900}>
            <Table striped aria-label="Import history">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">File</Table.Th>
                  <Table.Th scope="col">SHA-256</Table.Th>
                  <Table.Th scope="col">Status</Table.Th>
                  <Table.Th scope="col">Rows</Table.Th>
                  <Table.Th scope="col">Inserted</Table.Th>
                  <Table.Th scope="col">Updated</Table.Th>
                  <Table.Th scope="col">Skipped</Table.Th>
                  <Table.Th scope="col">By</Table.Th>
                  <Table.Th scope="col">Started</Table.Th>
                  <Table.Th scope="col">Finished</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {imports.map((i) => (
                  <Table.Tr key={i.id}>
                    <Table.Th scope="row" fw={500} style={{ overflowWrap: 'anywhere' }}>
                      <Text size="sm">{i.file_name}</Text>
                    </Table.Th>
                    <Table.Td>
                      {i.sha256 ? (
                        <Code title={i.sha256} aria-label={`SHA-256 ${i.sha256}`}>
                          {i.sha256.slice(0, 12)}…
                        </Code>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="outline" color={statusColors[i.status] ?? 'gray.8'} tt="none">
                        {statusLabels[i.status] ?? i.status}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{count(i.rows_read)}</Table.Td>
                    <Table.Td>{count(i.inserted)}</Table.Td>
                    <Table.Td>{count(i.updated)}</Table.Td>
                    <Table.Td>{count(i.skipped)}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{who(i.imported_by)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatInstant(i.started_at)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatInstant(i.finished_at)}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )
      }
    </QueryState>
  );
}
