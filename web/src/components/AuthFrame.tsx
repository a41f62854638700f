import { Anchor, Container, Paper, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** Centered card for the signed-out pages (setup, login); has its own <main> since there is no AppShell. */
export function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Container size={460} py={60} component="main">
      <Text fw={700} fz="xl" ta="center" mb="xs">
        Breachdesk
      </Text>
      <Paper withBorder shadow="sm" p="lg" radius="md">
        <Title order={1} size="h2" mb="md">
          {title}
        </Title>
        {children}
      </Paper>
      <Text size="xs" ta="center" mt="md">
        <Anchor href="/docs">API documentation</Anchor>
      </Text>
    </Container>
  );
}
