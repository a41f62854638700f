import { Button, Fieldset, FileInput, Group, NativeSelect, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import { useApiMutation, useInvalidate } from '../../queries';
import type { CustomerField, CustomerImportResult } from '../../types';
import { columnPickerLabel, customerFields } from './CustomerParts';
import { ImportError } from './ImportError';
import { ImportResultView } from './ImportResultView';

type Overrides = Partial<Record<Exclude<CustomerField, 'id'>, string>>;
type Options = { map: Overrides; idColumn: string };
type Preview = { result: CustomerImportResult; key: string; options: Options };

const ACCEPT = '.csv,.tsv,.tab,.txt,.jsonl,.ndjson,.json,.gz,.zip';
// Paths the import changes; not all of /api/customers, which would repeat a cached search (every search is audited).
const CHANGED = ['/api/customers/summary', '/api/customers/imports'];

/** Identifies "this file with these choices", so Import is offered only for exactly what was previewed. */
const keyOf = (file: File, o: Options) =>
  JSON.stringify([file.name, file.size, file.lastModified, Object.entries(o.map).sort(([a], [b]) => a.localeCompare(b)), o.idColumn]);

/**
 * Uploads the customer master. The fields go BEFORE the file: the server reads them as they stream in and stops
 * at the file part.
 */
function formData(file: File, o: Options, dryRun: boolean): FormData {
  const form = new FormData();
  if (Object.keys(o.map).length > 0) form.append('map', JSON.stringify(o.map));
  if (o.idColumn) form.append('id_column', o.idColumn);
  if (dryRun) form.append('dry_run', 'true');
  form.append('file', file, file.name);
  return form;
}

/**
 * Import the customer master in two steps: a dry run shows how every column was read (and lets the user pick
 * another column per field, or the id column, and preview again), then Import writes exactly what was previewed.
 */
export function ImportForm() {
  const [file, setFile] = useState<File | null>(null);
  const [options, setOptions] = useState<Options>({ map: {}, idColumn: '' });
  const [preview, setPreview] = useState<Preview | null>(null);
  const invalidate = useInvalidate();
  const dryRun = useApiMutation((form: FormData) => api.upload<CustomerImportResult>('/api/customers/imports', form));
  const run = useApiMutation((form: FormData) => api.upload<CustomerImportResult>('/api/customers/imports', form), CHANGED);

  const current = file ? keyOf(file, options) : null;
  const previewed = preview !== null && preview.key === current;
  const busy = dryRun.isPending || run.isPending;

  function chooseFile(next: File | null) {
    setFile(next);
    setOptions({ map: {}, idColumn: '' });
    setPreview(null);
    dryRun.reset();
    run.reset();
  }

  function submitPreview(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    const used = options;
    run.reset();
    dryRun.mutate(formData(file, used, true), { onSuccess: (result) => setPreview({ result, key: keyOf(file, used), options: used }) });
  }

  function importNow() {
    if (!file || !previewed) return;
    dryRun.reset();
    run.mutate(formData(file, options, false), {
      onSuccess: () => setPreview(null),
      // A failed import is recorded in the history too.
      onError: () => void invalidate(...CHANGED),
    });
  }

  /**
   * A picked column becomes an override, except when it is what detection alone chose in the last preview:
   * then the field is left to detection, so a later change of other columns does not pin it.
   */
  function pick(field: CustomerField, column: string) {
    if (!preview) return;
    const detected = preview.result.fields[field] === column;
    if (field === 'id') {
      setOptions({ ...options, idColumn: detected && !preview.options.idColumn ? '' : column });
      return;
    }
    const map = { ...options.map, [field]: column };
    if (detected && !preview.options.map[field]) delete map[field];
    setOptions({ ...options, map });
  }

  const columns = preview?.result.mapping.map((m) => m.column) ?? [];
  const chosen = (field: CustomerField) =>
    (field === 'id' ? options.idColumn : options.map[field]) || (preview?.result.fields[field] ?? '');
  const changed = Object.keys(options.map).length > 0 || options.idColumn !== '';

  return (
    <Stack gap="md">
      <form onSubmit={submitPreview} aria-label="Import customers">
        <Stack gap="sm">
          <Text size="sm">
            CSV, TSV, JSON Lines or JSON (also gzip-compressed or the only file in a zip), one customer per row with the shop’s customer id.
            Re-importing updates customers with the same id.
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <FileInput
              label="Customer file"
              placeholder="Choose a file"
              accept={ACCEPT}
              value={file}
              onChange={chooseFile}
              clearable
              required
            />
            {!preview && (
              <TextInput
                label="Id column"
                description="Leave empty to detect it; name it if the preview cannot tell which column holds the customer id."
                value={options.idColumn}
                onChange={(e) => setOptions({ ...options, idColumn: e.currentTarget.value.trim() })}
              />
            )}
          </SimpleGrid>
          {preview && (
            <Fieldset variant="unstyled" legend="Mapping: which column holds each field" styles={{ legend: { fontWeight: 700 } }}>
              <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
                {customerFields.map((field) => {
                  const value = chosen(field);
                  return (
                    <NativeSelect
                      key={field}
                      label={columnPickerLabel(field)}
                      value={value}
                      onChange={(e) => pick(field, e.currentTarget.value)}
                      data={[
                        // The server has no "leave this field out"; an unmapped field can only be given a column.
                        ...(value === '' ? [{ value: '', label: 'Not in the file', disabled: true }] : []),
                        ...columns.map((c) => ({ value: c, label: c })),
                      ]}
                    />
                  );
                })}
              </SimpleGrid>
            </Fieldset>
          )}
          <Group gap="sm" wrap="wrap">
            <Button type="submit" variant={previewed ? 'default' : 'filled'} loading={dryRun.isPending} disabled={!file || run.isPending}>
              Preview (dry run)
            </Button>
            <Button onClick={importNow} loading={run.isPending} disabled={!previewed || dryRun.isPending}>
              Import
            </Button>
            {preview && changed && (
              <Button variant="subtle" onClick={() => setOptions({ map: {}, idColumn: '' })} disabled={busy}>
                Reset to detected mapping
              </Button>
            )}
          </Group>
          <Text size="xs" role="status">
            {busy
              ? 'Reading the whole file; large files take minutes. Keep this page open.'
              : !file
                ? 'Choose a file, then preview it: nothing is written until you click Import.'
                : !preview
                  ? 'Preview first: nothing is written until you click Import.'
                  : !previewed
                    ? 'The mapping changed: preview again before importing.'
                    : 'Import writes exactly what the preview shows.'}
          </Text>
        </Stack>
      </form>
      <ImportError error={dryRun.error ?? run.error} />
      {run.data ? <ImportResultView result={run.data} /> : preview && <ImportResultView result={preview.result} />}
    </Stack>
  );
}
