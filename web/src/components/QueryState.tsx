import { Center, Loader, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorAlert } from './ErrorAlert';

/**
 * Loading / error / data switch for one query, so every page shows the same loading and error states.
 * Children render only once data is there.
 */
export function QueryState<T>({
  query,
  label,
  children,
}: {
  query: { data: T | undefined; error: unknown; isPending: boolean };
  label: string;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) {
    return (
      <Center py="lg" role="status" aria-live="polite">
        <Loader size="sm" mr="sm" aria-hidden="true" />
        <Text size="sm">Loading {label}…</Text>
      </Center>
    );
  }
  if (query.error || query.data === undefined) return <ErrorAlert error={query.error} title={`Could not load ${label}`} />;
  return <>{children(query.data)}</>;
}

/** Shown when a list is empty: says so plainly and, when given, what to do next. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Center py="xl" style={{ flexDirection: 'column', gap: 'var(--mantine-spacing-sm)', textAlign: 'center' }}>
      <Text fw={600}>{title}</Text>
      {children}
    </Center>
  );
}
