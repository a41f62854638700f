import { Paper, Title } from '@mantine/core';
import { useId, type ReactNode } from 'react';

/** A titled, bordered region (h2 under the page's h1) so screen-reader users can jump between sections. */
export function Section({ title, children, order = 2 }: { title: string; children: ReactNode; order?: 2 | 3 }) {
  const id = useId();
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={id}>
      <Title order={order} size="h4" id={id} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}
