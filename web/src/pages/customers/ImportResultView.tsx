import { Alert, Code, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { CustomerImportResult } from '../../types';
import { readableAlert } from '../incident/obligations/vocabulary';
import { roleLabel } from '../incident/ScopingParts';
import { customerFields, fieldLabel, JurisdictionBars, reasonLabel, Stat } from './CustomerParts';

const badRowReasons = {
  missing_id: 'No customer id',
  duplicate_id: 'Repeated customer id (the first row with it is kept)',
} as const;

/** A dry run's preview or an import's outcome: counts, how every column was decided, skipped rows, jurisdictions, masked samples. */
export function ImportResultView({ result }: { result: CustomerImportResult }) {
  const dry = result.dry_run;
  const jurisdictions = Object.entries(result.jurisdictions).map(([jurisdiction, n]) => ({ jurisdiction, count: n }));
  return (
    <Stack gap="md" role="region" aria-label={dry ? 'Import preview' : 'Import result'}>
      <Alert
        color={dry ? 'blue' : 'teal'}
        variant="light"
        role="status"
        styles={readableAlert}
        title={dry ? `Preview of ${result.file}: nothing was written` : `Imported ${result.file}`}
      >
        <Text size="sm">
          {result.format.toUpperCase()}, SHA-256 <Code style={{ wordBreak: 'break-all' }}>{result.sha256}</Code>
        </Text>
        {dry && (
          <Text size="sm" mt={4}>
            Check the mapping below; change it above and preview again if a column was read wrongly, then import.
          </Text>
        )}
      </Alert>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        <Stat label="Rows read" value={result.rows} />
        <Stat label={dry ? 'Would be inserted' : 'Inserted'} value={result.inserted} hint="new customers" />
        <Stat label={dry ? 'Would be updated' : 'Updated'} value={result.updated} hint="customers already stored with the same id" />
        <Stat
          label="Skipped"
          value={result.skipped.total}
          hint={`${result.skipped.missing_id} without id, ${result.skipped.duplicate_id} repeated id`}
        />
      </SimpleGrid>

      <div>
        <Title order={3} size="h5" mb="xs">
          How each column was decided
        </Title>
        <Table.ScrollContainer minWidth={640}>
          <Table striped aria-label="Column mapping">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Column</Table.Th>
                <Table.Th scope="col">Field</Table.Th>
                <Table.Th scope="col">How</Table.Th>
                <Table.Th scope="col">Classified as</Table.Th>
                <Table.Th scope="col">Note</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.mapping.map((m) => (
                <Table.Tr key={m.column}>
                  <Table.Th scope="row" fw={500} style={{ overflowWrap: 'anywhere' }}>
                    <Text size="sm">{m.column}</Text>
                  </Table.Th>
                  <Table.Td>{m.field ? fieldLabel(m.field) : '—'}</Table.Td>
                  <Table.Td>{reasonLabel(m.how)}</Table.Td>
                  <Table.Td>{m.role === 'none' ? '—' : roleLabel(m.role)}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{m.note ?? ''}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {customerFields.some((f) => !result.fields[f]) && (
          <Text size="xs" mt={4}>
            Not in the file:{' '}
            {customerFields
              .filter((f) => !result.fields[f])
              .map(fieldLabel)
              .join(', ')}
            .
          </Text>
        )}
      </div>

      {result.skipped.total > 0 && (
        <div>
          <Title order={3} size="h5" mb="xs">
            Skipped rows
          </Title>
          <Table.ScrollContainer minWidth={360}>
            <Table aria-label="Skipped rows" maw={560}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Line</Table.Th>
                  <Table.Th scope="col">Reason</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {result.bad_rows.map((r) => (
                  <Table.Tr key={r.line}>
                    <Table.Td>{r.line}</Table.Td>
                    <Table.Td>{badRowReasons[r.reason]}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {result.skipped.total > result.bad_rows.length && (
            <Text size="xs" mt={4}>
              The first {result.bad_rows.length} of {result.skipped.total} skipped rows are listed.
            </Text>
          )}
        </div>
      )}

      <div>
        <Title order={3} size="h5" mb="xs">
          {dry ? 'Jurisdictions of the customers in the file' : 'Jurisdictions of the customers imported'}
        </Title>
        <JurisdictionBars caption="Jurisdictions in the file" counts={jurisdictions} />
      </div>

      {result.samples.length > 0 && <Samples samples={result.samples} />}
    </Stack>
  );
}

/** A few rows as they would be stored, masked by the server so the preview shows shape, not personal data. */
function Samples({ samples }: { samples: CustomerImportResult['samples'] }) {
  const fields = customerFields.filter((f) => samples.some((s) => s[f] !== undefined));
  return (
    <div>
      <Title order={3} size="h5" mb="xs">
        Sample rows (masked)
      </Title>
      <Table.ScrollContainer minWidth={Math.max(480, fields.length * 110)}>
        <Table striped aria-label="Masked sample rows">
          <Table.Thead>
            <Table.Tr>
              {fields.map((f) => (
                <Table.Th scope="col" key={f}>
                  {fieldLabel(f)}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {samples.map((s, i) => (
              <Table.Tr key={i}>
                {fields.map((f) => (
                  <Table.Td key={f} ff="monospace" fz="sm">
                    {s[f] ?? '—'}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </div>
  );
}
