import { Button, FileInput, Group, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { useApiMutation } from '../queries';
import type { Evidence } from '../types';
import { ErrorAlert } from './ErrorAlert';

/**
 * Uploads one file as multipart/form-data. The "description" field must come BEFORE "file": the server
 * reads fields as they stream in and stops at the file part.
 */
export function UploadForm({
  path,
  invalidates,
  fileLabel,
  onUploaded,
}: {
  path: string;
  invalidates: string[];
  fileLabel: string;
  onUploaded?: (evidence: Evidence) => void;
}) {
  const [description, setDescription] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const upload = useApiMutation((form: FormData) => api.upload<Evidence>(path, form), invalidates);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    const form = new FormData();
    form.append('description', description);
    form.append('file', file, file.name);
    upload.mutate(form, {
      onSuccess: (evidence) => {
        setFile(null);
        setDescription('');
        onUploaded?.(evidence);
      },
    });
  }

  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <Group grow align="flex-end" wrap="wrap">
          <FileInput label={fileLabel} placeholder="Choose a file" value={file} onChange={setFile} clearable required />
          <TextInput label="File description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
        </Group>
        <ErrorAlert error={upload.error} />
        <Group>
          <Button type="submit" loading={upload.isPending} disabled={!file}>
            Upload
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
