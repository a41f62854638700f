import { Button, Group, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApiMutation } from '../../queries';
import type { ScopingColumn, ScopingFile } from '../../types';
import { dataTypeLabel } from './obligations/vocabulary';
import { isActive, roleLabel, roleOptions } from './ScopingParts';

const roleOf = (c: ScopingColumn) => c.role ?? c.data_type ?? 'none';

/**
 * How each column of a file was classified (from its header and a sample of values). A reviewer corrects
 * the roles and the file is scanned again; its old results are replaced, never added to.
 */
export function ScopingColumns({ incidentId, file, canCorrect }: { incidentId: string; file: ScopingFile; canCorrect: boolean }) {
  const base = `/api/incidents/${incidentId}/scoping`;
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [note, setNote] = useState<string | null>(null);
  const rescan = useApiMutation(
    (overrides: Record<string, string>) => api.put<{ run_id: string }>(`${base}/files/${file.id}/columns`, { overrides }),
    [base],
  );
  const columns = file.reports.flatMap((r) => r.columns);
  const changed = Object.entries(edits).filter(([name, role]) => columns.some((c) => c.name === name && roleOf(c) !== role));
  const busy = isActive(file.status);
  const editable = canCorrect && file.status !== 'duplicate';

  function submit(e: FormEvent) {
    e.preventDefault();
    // Earlier corrections stay unless changed again: the server replaces the whole set.
    const overrides = { ...file.column_overrides, ...Object.fromEntries(changed) };
    rescan.mutate(overrides, {
      onSuccess: () => {
        setEdits({});
        setNote('Corrections saved; the file is being scanned again.');
      },
    });
  }

  return (
    <form onSubmit={submit} aria-label={`Column classification of ${file.name}`}>
      <Stack gap="sm">
        {file.reports.map((r) => (
          <Table.ScrollContainer minWidth={480} key={r.file}>
            <Table striped>
              {file.reports.length > 1 && <caption>{r.file}</caption>}
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Column</Table.Th>
                  <Table.Th scope="col">Data type</Table.Th>
                  <Table.Th scope="col">Role</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {r.columns.map((c) => (
                  <Table.Tr key={c.name}>
                    <Table.Td>
                      <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                        {c.name}
                      </Text>
                      {file.column_overrides[c.name] && <Text size="xs">corrected by a reviewer</Text>}
                    </Table.Td>
                    <Table.Td>{c.data_type ? dataTypeLabel(c.data_type) : 'Not personal data'}</Table.Td>
                    <Table.Td>
                      {editable ? (
                        <NativeSelect
                          aria-label={`Role of column ${c.name}`}
                          data={roleOptions}
                          value={edits[c.name] ?? roleOf(c)}
                          onChange={(e) => {
                            const value = e.currentTarget.value;
                            setNote(null);
                            setEdits((prev) => ({ ...prev, [c.name]: value }));
                          }}
                        />
                      ) : (
                        roleLabel(roleOf(c))
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ))}
        {editable && (
          <Group wrap="wrap">
            <Button type="submit" loading={rescan.isPending} disabled={changed.length === 0 || busy}>
              Re-scan with corrections
            </Button>
            {busy && <Text size="sm">The file is being scanned; corrections can be made when it has finished.</Text>}
            {!busy && changed.length > 0 && (
              <Text size="sm">
                {changed.length} column{changed.length === 1 ? '' : 's'} changed
              </Text>
            )}
          </Group>
        )}
        <ErrorAlert error={rescan.error} />
        {note && (
          <Text size="sm" role="status" c="teal.9" fw={600}>
            {note}
          </Text>
        )}
      </Stack>
    </form>
  );
}
