import { Anchor, Badge, Button, Code, Group, Modal, NativeSelect, Stack, Table, Text, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EmptyState, QueryState } from '../../components/QueryState';
import { Section } from '../../components/Section';
import { UploadForm } from '../../components/UploadForm';
import { formatBytes, formatInstant } from '../../format';
import { useApiMutation, useApiQuery } from '../../queries';
import { useCan } from '../../session';
import type { CustodyEntry, Evidence } from '../../types';
import { custodyActions, label, optionsOf } from '../../vocabulary';

type VerifyResult = { ok: boolean; expected_sha256: string; actual_sha256: string };

/** Evidence files with their SHA-256 (computed by the server on upload), integrity checks and chain of custody. */
export function EvidenceTab({ incidentId }: { incidentId: string }) {
  const can = useCan();
  const base = `/api/incidents/${incidentId}/evidence`;
  const evidence = useApiQuery<{ evidence: Evidence[] }>(base);
  const [custodyFor, setCustodyFor] = useState<Evidence | null>(null);

  return (
    <Stack>
      {can('evidence.upload') && (
        <Section title="Upload evidence">
          <Text size="sm" mb="sm">
            The server computes the SHA-256 while receiving the file; keep the original untouched and note where it came from.
          </Text>
          <UploadForm path={base} invalidates={[base, `/api/incidents/${incidentId}/timeline`]} fileLabel="Evidence file" />
        </Section>
      )}
      <Section title="Evidence">
        <QueryState query={evidence} label="evidence">
          {({ evidence: list }) =>
            list.length === 0 ? (
              <EmptyState title="No evidence uploaded yet" />
            ) : (
              <Table.ScrollContainer minWidth={900}>
                <Table striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">File</Table.Th>
                      <Table.Th scope="col">Size</Table.Th>
                      <Table.Th scope="col">SHA-256</Table.Th>
                      <Table.Th scope="col">Uploaded</Table.Th>
                      <Table.Th scope="col">Actions</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {list.map((e) => (
                      <EvidenceRow
                        key={e.id}
                        base={base}
                        item={e}
                        canDownload={can('evidence.download')}
                        onCustody={() => setCustodyFor(e)}
                      />
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )
          }
        </QueryState>
      </Section>
      <Modal
        opened={custodyFor !== null}
        onClose={() => setCustodyFor(null)}
        title={`Chain of custody: ${custodyFor?.filename ?? ''}`}
        size="lg"
      >
        {custodyFor && <CustodyPanel path={`${base}/${custodyFor.id}/custody`} canAdd={can('evidence.upload')} />}
      </Modal>
    </Stack>
  );
}

function EvidenceRow({
  base,
  item,
  canDownload,
  onCustody,
}: {
  base: string;
  item: Evidence;
  canDownload: boolean;
  onCustody: () => void;
}) {
  const verify = useApiMutation(() => api.post<VerifyResult>(`${base}/${item.id}/verify`), [`${base}/${item.id}/custody`]);
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={600}>
          {item.filename}
        </Text>
        {item.description && <Text size="xs">{item.description}</Text>}
        <Text size="xs">{item.media_type}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{formatBytes(item.size_bytes)}</Text>
      </Table.Td>
      <Table.Td>
        <Code style={{ wordBreak: 'break-all' }}>{item.sha256}</Code>
        {verify.data &&
          (verify.data.ok ? (
            <Badge color="green.9" autoContrast mt={4} role="status">
              Hash verified: file unchanged
            </Badge>
          ) : (
            <Text size="xs" c="red.9" fw={700} role="alert">
              Hash MISMATCH: stored file hashes to {verify.data.actual_sha256}
            </Text>
          ))}
        <ErrorAlert error={verify.error} />
      </Table.Td>
      <Table.Td>
        <Text size="sm">{formatInstant(item.uploaded_at)}</Text>
        <Text size="xs">{item.uploaded_by ?? '—'}</Text>
      </Table.Td>
      <Table.Td>
        <Group gap="xs">
          {canDownload && (
            <>
              <Anchor href={`${base}/${item.id}/download`} size="sm" aria-label={`Download ${item.filename}`}>
                Download
              </Anchor>
              <Button
                size="xs"
                variant="default"
                onClick={() => verify.mutate(undefined)}
                loading={verify.isPending}
                aria-label={`Verify hash of ${item.filename}`}
              >
                Verify
              </Button>
            </>
          )}
          <Button size="xs" variant="default" onClick={onCustody} aria-label={`Chain of custody of ${item.filename}`}>
            Custody
          </Button>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

function CustodyPanel({ path, canAdd }: { path: string; canAdd: boolean }) {
  const custody = useApiQuery<{ custody: CustodyEntry[] }>(path);
  const [action, setAction] = useState<string>('note');
  const [note, setNote] = useState('');
  const add = useApiMutation((body: { action: string; note: string }) => api.post<{ custody: CustodyEntry[] }>(path, body), [path]);

  function submit(e: FormEvent) {
    e.preventDefault();
    add.mutate({ action, note }, { onSuccess: () => setNote('') });
  }

  return (
    <Stack>
      <QueryState query={custody} label="chain of custody">
        {({ custody: list }) => (
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">When</Table.Th>
                <Table.Th scope="col">Action</Table.Th>
                <Table.Th scope="col">Who</Table.Th>
                <Table.Th scope="col">Note</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((c, i) => (
                <Table.Tr key={`${c.at}-${i}`}>
                  <Table.Td>{formatInstant(c.at)}</Table.Td>
                  <Table.Td>{label(c.action)}</Table.Td>
                  <Table.Td>{c.actor}</Table.Td>
                  <Table.Td>{c.note}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryState>
      {canAdd && (
        <form onSubmit={submit}>
          <Stack gap="sm">
            <NativeSelect
              label="Custody action"
              data={optionsOf(custodyActions)}
              value={action}
              onChange={(e) => setAction(e.currentTarget.value)}
            />
            <Textarea label="Custody note" required autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
            <ErrorAlert error={add.error} />
            <Group>
              <Button type="submit" loading={add.isPending}>
                Add custody entry
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
