import { Button, FileInput, Grid, Group, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApiMutation } from '../../queries';
import type { Evidence } from '../../types';

type Added = { run_id: string; files: Array<{ id: string; name: string; status: string; duplicate_of: string | null }> };
type AddInput = { paths: string[]; evidence_ids: string[] };

/**
 * Adds leak files to the incident: an upload (stored as evidence first, with its SHA-256 and chain of
 * custody, then scanned) or files already on the server inside its leak directory (large dumps).
 */
export function ScopingAddFiles({ incidentId, canUpload }: { incidentId: string; canUpload: boolean }) {
  const incidentBase = `/api/incidents/${incidentId}`;
  const base = `${incidentBase}/scoping`;
  const [note, setNote] = useState<string | null>(null);
  const add = useApiMutation((input: AddInput) => api.post<Added>(`${base}/files`, input), [base, `${incidentBase}/timeline`]);

  function onAdded(result: Added) {
    const dupes = result.files.filter((f) => f.duplicate_of);
    setNote(
      `${result.files.length} file${result.files.length === 1 ? '' : 's'} added; scan queued.` +
        (dupes.length ? ` Already scanned (same content, not counted again): ${dupes.map((f) => f.name).join(', ')}.` : ''),
    );
  }

  return (
    <Stack gap="md">
      <Grid>
        {canUpload && (
          <Grid.Col span={{ base: 12, md: 6 }}>
            <UploadLeak
              incidentBase={incidentBase}
              onUploaded={(evidence) => add.mutate({ paths: [], evidence_ids: [evidence.id] }, { onSuccess: onAdded })}
              scanning={add.isPending}
            />
          </Grid.Col>
        )}
        <Grid.Col span={{ base: 12, md: canUpload ? 6 : 12 }}>
          <ServerPaths onSubmit={(paths) => add.mutate({ paths, evidence_ids: [] }, { onSuccess: onAdded })} pending={add.isPending} />
        </Grid.Col>
      </Grid>
      <ErrorAlert error={add.error} />
      {note && (
        <Text size="sm" role="status" c="teal.9" fw={600}>
          {note}
        </Text>
      )}
    </Stack>
  );
}

/** Same multipart order as UploadForm: "description" before "file", because the server stops reading at the file part. */
function UploadLeak({
  incidentBase,
  onUploaded,
  scanning,
}: {
  incidentBase: string;
  onUploaded: (evidence: Evidence) => void;
  scanning: boolean;
}) {
  const evidencePath = `${incidentBase}/evidence`;
  const [file, setFile] = useState<File | null>(null);
  const [description, setDescription] = useState('');
  const upload = useApiMutation((form: FormData) => api.upload<Evidence>(evidencePath, form), [evidencePath]);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    const form = new FormData();
    form.append('description', description || 'Leak file for scoping');
    form.append('file', file, file.name);
    upload.mutate(form, {
      onSuccess: (evidence) => {
        setFile(null);
        setDescription('');
        onUploaded(evidence);
      },
    });
  }

  return (
    <form onSubmit={submit} aria-label="Upload a leak file">
      <Stack gap="sm">
        <Text size="sm">
          Upload a copy of the leaked file (CSV, JSON lines, SQL dump, log, spreadsheet, also zipped). It is kept as evidence with its
          SHA-256.
        </Text>
        <FileInput label="Leak file" placeholder="Choose a file" value={file} onChange={setFile} clearable required />
        <TextInput label="Where it came from" value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
        <ErrorAlert error={upload.error} />
        <Group>
          <Button type="submit" loading={upload.isPending || scanning} disabled={!file}>
            Upload and scan
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ServerPaths({ onSubmit, pending }: { onSubmit: (paths: string[]) => void; pending: boolean }) {
  const [text, setText] = useState('');
  const paths = text
    .split('\n')
    .map((p) => p.trim())
    .filter(Boolean);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (paths.length) onSubmit(paths);
  }

  return (
    <form onSubmit={submit} aria-label="Scan files on the server">
      <Stack gap="sm">
        <Text size="sm">
          Large dumps: copy them into the server’s leak directory (BREACHDESK_LEAK_DIR) and name them here, relative to it. A directory adds
          every file in it.
        </Text>
        <Textarea
          label="Server paths, one per line"
          placeholder="shop-dump/orders.csv"
          autosize
          minRows={2}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
        />
        <Group>
          <Button type="submit" variant="default" loading={pending} disabled={paths.length === 0}>
            Scan server files
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
