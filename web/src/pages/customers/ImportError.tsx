import { Alert, List, Text } from '@mantine/core';
import { ApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';

type FileProblem = { line: number | null; offset: number | null; message: string };

/** The problems the server lists for a malformed file (`malformed` in customers.import.ts), or null for any other error. */
function fileProblems(error: unknown): { file: string; errors: FileProblem[] } | null {
  if (!(error instanceof ApiError) || typeof error.details !== 'object' || error.details === null) return null;
  const d = error.details as { reason?: unknown; file?: unknown; errors?: unknown };
  if (d.reason !== 'malformed_file' || !Array.isArray(d.errors)) return null;
  const errors = (d.errors as unknown[]).filter(
    (e): e is FileProblem => typeof e === 'object' && e !== null && typeof (e as FileProblem).message === 'string',
  );
  return { file: typeof d.file === 'string' ? d.file : 'the file', errors };
}

const where = (p: FileProblem) => (p.line !== null ? `Line ${p.line}` : p.offset !== null ? `Byte ${p.offset}` : 'Somewhere in the file');

/**
 * A failed preview or import. A malformed file gets its problems listed with the line (or byte offset) the
 * server names, so the user can open the file there; anything else is shown like every other server error.
 */
export function ImportError({ error }: { error: unknown }) {
  const problems = fileProblems(error);
  if (!problems)
    return (
      <ErrorAlert error={error} title={error instanceof ApiError && error.code === 'VALIDATION' ? 'Cannot import this file' : undefined} />
    );
  const requestId = error instanceof ApiError ? error.requestId : null;
  return (
    <Alert color="red" variant="light" title={`Cannot read ${problems.file}: nothing was imported`} role="alert" my="sm">
      <Text size="sm">{(error as Error).message}</Text>
      {problems.errors.length > 0 && (
        <List size="sm" mt="xs" aria-label="Problems in the file">
          {problems.errors.map((p, i) => (
            <List.Item key={i}>
              <strong>{where(p)}</strong>: {p.message}
            </List.Item>
          ))}
        </List>
      )}
      {requestId && (
        <Text size="xs" c="dimmed" mt="xs">
          Request id: {requestId}
        </Text>
      )}
    </Alert>
  );
}
