import { Alert, Button, List, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../api';

/** Titles per server error code: what happened in words, not HTTP numbers. */
const titles: Record<string, string> = {
  VALIDATION: 'Please check the input',
  UNAUTHENTICATED: 'Not signed in',
  FORBIDDEN: 'Not allowed',
  NOT_FOUND: 'Not found',
  CONFLICT: 'Changed by someone else, or not allowed in the current state',
  PAYLOAD_TOO_LARGE: 'File too large',
  TOO_MANY_REQUESTS: 'Too many attempts',
  NETWORK: 'Server unreachable',
};

/**
 * Shows any error as an Alert with role="alert" so screen readers announce it. Validation errors list
 * each field; conflicts (stale `version`) offer a reload, which refetches everything on the page.
 */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  const client = useQueryClient();
  if (!error) return null;
  const apiError = error instanceof ApiError ? error : null;
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : 'Unexpected error';
  const heading = title ?? (apiError ? (titles[apiError.code] ?? 'Something went wrong') : 'Something went wrong');
  const issues = apiError?.fieldIssues ?? [];
  return (
    <Alert color="red" variant="light" title={heading} role="alert" my="sm">
      <Text size="sm">{message}</Text>
      {issues.length > 0 && (
        <List size="sm" mt="xs">
          {issues.map((i) => (
            <List.Item key={`${i.path}:${i.message}`}>
              <strong>{i.path}</strong>: {i.message}
            </List.Item>
          ))}
        </List>
      )}
      {apiError?.code === 'CONFLICT' && (
        <>
          <Text size="sm" mt="xs">
            This record was changed by someone else since you loaded it. Reload to see the latest version, then try again.
          </Text>
          <Button size="xs" mt="xs" variant="outline" color="red" onClick={() => void client.invalidateQueries()}>
            Reload data
          </Button>
        </>
      )}
      {apiError?.code === 'FORBIDDEN' && (
        <Text size="sm" mt="xs">
          Your role does not allow this. Ask an administrator if you need it.
        </Text>
      )}
      {apiError?.requestId && (
        <Text size="xs" c="dimmed" mt="xs">
          Request id: {apiError.requestId}
        </Text>
      )}
    </Alert>
  );
}
