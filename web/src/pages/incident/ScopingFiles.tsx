import { Alert, Badge, Button, Code, Collapse, List, Stack, Table, Text } from '@mantine/core';
import { useId, useState } from 'react';
import { EmptyState } from '../../components/QueryState';
import { formatBytes } from '../../format';
import type { ScopingFile } from '../../types';
import { label } from '../../vocabulary';
import { readableAlert } from './obligations/vocabulary';
import { ScopingColumns } from './ScopingColumns';
import { count } from './ScopingParts';

const statusColor: Record<ScopingFile['status'], string> = {
  queued: 'blue.8',
  running: 'indigo.8',
  done: 'teal.9',
  failed: 'red.9',
  cancelled: 'orange.9',
  duplicate: 'gray.7',
};

/** Files that make the register incomplete: errors while reading, or a scan that did not finish. */
export function incompleteFiles(files: readonly ScopingFile[]) {
  return files.filter((f) => f.status === 'failed' || f.status === 'cancelled' || (f.status === 'done' && !f.complete));
}

/** Warns loudly when the register may be missing people, naming the files to look at. */
export function IncompleteWarning({ files }: { files: readonly ScopingFile[] }) {
  const bad = incompleteFiles(files);
  if (bad.length === 0) return null;
  return (
    <Alert color="red" variant="light" role="alert" styles={readableAlert} title="INCOMPLETE: the register may be missing people">
      <Text size="sm">
        {bad.length} file{bad.length === 1 ? '' : 's'} had read errors or did not finish: {bad.map((f) => f.name).join(', ')}. Records that
        could not be read are not counted. Check the errors below, fix or re-export the file and add it again.
      </Text>
    </Alert>
  );
}

/** The leak files of the incident with status, records, format and read errors; columns per file on demand. */
export function ScopingFiles({ incidentId, files, canCorrect }: { incidentId: string; files: ScopingFile[]; canCorrect: boolean }) {
  if (files.length === 0)
    return (
      <EmptyState title="No leak files added yet">
        <Text size="sm">Upload a leaked file or name one on the server to find out whose data it holds.</Text>
      </EmptyState>
    );
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">File</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">Records</Table.Th>
            <Table.Th scope="col">Format</Table.Th>
            <Table.Th scope="col">Errors</Table.Th>
            <Table.Th scope="col">Columns</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {files.map((f) => (
            <FileRow key={f.id} incidentId={incidentId} file={f} canCorrect={canCorrect} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function FileRow({ incidentId, file, canCorrect }: { incidentId: string; file: ScopingFile; canCorrect: boolean }) {
  const [open, setOpen] = useState(false);
  const columnsId = useId();
  const errors = file.reports.flatMap((r) => r.errors.map((e) => ({ ...e, file: r.file })));
  const formats = [...new Set(file.reports.map((r) => [r.format, r.compression, r.encoding].filter(Boolean).join(' · ').toUpperCase()))];
  const hasColumns = file.reports.some((r) => r.columns.length > 0);
  const problem = file.status === 'failed' || file.status === 'cancelled' || (file.status === 'done' && !file.complete);

  return (
    <>
      <Table.Tr>
        <Table.Td>
          <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
            {file.name}
          </Text>
          <Text size="xs">
            {file.source === 'upload' ? 'Uploaded' : 'Server file'} · {formatBytes(file.size_bytes)}
          </Text>
          <Code fz="xs" title="SHA-256">
            {file.sha256.slice(0, 16)}…
          </Code>
        </Table.Td>
        <Table.Td>
          <Badge color={statusColor[file.status]} autoContrast>
            {label(file.status)}
          </Badge>
          {file.stats.duplicate_of && <Text size="xs">Same content as {file.stats.duplicate_of}: not counted again</Text>}
          {problem && (
            <Text size="xs" c="red.9" fw={700}>
              INCOMPLETE
            </Text>
          )}
          {file.status === 'done' && file.stats.affected !== undefined && (
            <Text size="xs">{count(file.stats.affected)} customers matched</Text>
          )}
        </Table.Td>
        <Table.Td>{count(file.records)}</Table.Td>
        <Table.Td>
          <Text size="sm">{formats.join('; ') || '—'}</Text>
        </Table.Td>
        <Table.Td>
          {errors.length === 0 ? (
            <Text size="sm">None</Text>
          ) : (
            <List size="xs" spacing={2} aria-label={`Read errors in ${file.name}`}>
              {errors.slice(0, 20).map((e, i) => (
                <List.Item key={i}>
                  {errorPlace(e, file.name)}: {e.message}
                </List.Item>
              ))}
              {errors.length > 20 && <List.Item>… and {errors.length - 20} more</List.Item>}
            </List>
          )}
        </Table.Td>
        <Table.Td>
          {hasColumns ? (
            <Button
              size="xs"
              variant="default"
              aria-expanded={open}
              aria-controls={columnsId}
              onClick={() => setOpen((o) => !o)}
              aria-label={`${open ? 'Hide' : 'Show'} columns of ${file.name}`}
            >
              {open ? 'Hide columns' : 'Columns'}
            </Button>
          ) : (
            <Text size="sm">—</Text>
          )}
        </Table.Td>
      </Table.Tr>
      {hasColumns && (
        <Table.Tr style={open ? undefined : { display: 'none' }}>
          <Table.Td colSpan={6} p={0}>
            <Collapse expanded={open} id={columnsId}>
              <Stack p="sm">{open && <ScopingColumns incidentId={incidentId} file={file} canCorrect={canCorrect} />}</Stack>
            </Collapse>
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}

/** "orders.csv, line 3" or "dump.sql, byte 1024": where to look, inside an archive the entry's name. */
function errorPlace(e: { file: string; line?: number; offset?: number }, name: string) {
  const where = e.line !== undefined ? `line ${e.line}` : e.offset !== undefined ? `byte ${e.offset}` : 'file';
  return `${e.file || name}, ${where}`;
}
