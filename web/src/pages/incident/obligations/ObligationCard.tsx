import { Badge, Button, Group, Paper, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { useId } from 'react';
import { DeadlineInfo } from './deadline';
import type { Obligation } from './types';
import { requiredColor, requiredText, statusColor, statusText } from './vocabulary';

export type DetailView = 'details' | 'decide' | 'file';

/** The three badges every obligation carries; each says its meaning in words, not only in colour. */
export function ObligationBadges({ obligation: o }: { obligation: Obligation }) {
  return (
    <Group gap={6} wrap="wrap">
      <Badge color={requiredColor[o.required]} variant="filled" autoContrast>
        {requiredText[o.required]}
      </Badge>
      <Badge color={statusColor[o.status]} variant="outline" autoContrast>
        Status: {statusText[o.status]}
      </Badge>
      {o.confidence === 'low' && (
        <Badge color="yellow.5" variant="filled" autoContrast>
          Low confidence
        </Badge>
      )}
      {o.law_enforcement_delay && o.status === 'open' && (
        <Badge color="gray.7" variant="outline">
          Law-enforcement delay allowed
        </Badge>
      )}
    </Group>
  );
}

/** One row of the deadline board: who to notify, under which law, whether it is required, and the clock. */
export function ObligationCard({
  obligation: o,
  name,
  dependsOnName,
  canDecide,
  canFile,
  onOpen,
}: {
  obligation: Obligation;
  name: string;
  dependsOnName: string | null;
  canDecide: boolean;
  canFile: boolean;
  onOpen: (view: DetailView) => void;
}) {
  const headingId = useId();
  const hidden = <VisuallyHidden> for {name}</VisuallyHidden>;
  return (
    <Paper
      withBorder
      p="sm"
      radius="md"
      component="article"
      aria-labelledby={headingId}
      data-rule={o.rule_id}
      style={o.required === 'decide' && o.status === 'open' ? { borderLeft: '4px solid var(--mantine-color-yellow-6)' } : undefined}
    >
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <div>
            <Title order={4} size="h5" id={headingId}>
              {name}
            </Title>
            <Text size="sm">
              {o.regime_name} · {o.jurisdiction} · {o.affected_count.toLocaleString('en')} affected
            </Text>
          </div>
          <ObligationBadges obligation={o} />
        </Group>
        <DeadlineInfo obligation={o} dependsOnName={dependsOnName} />
        {o.required === 'decide' && o.status === 'open' && o.question && (
          <Text size="sm">
            <strong>Decision needed:</strong> {o.question}
          </Text>
        )}
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text size="xs">Owner: {o.owner_email ?? 'nobody yet'}</Text>
          <Group gap="xs">
            <Button size="xs" variant="default" onClick={() => onOpen('details')}>
              Details{hidden}
            </Button>
            {canDecide && o.status === 'open' && (
              <Button size="xs" variant={o.required === 'decide' ? 'filled' : 'default'} onClick={() => onOpen('decide')}>
                Decide{hidden}
              </Button>
            )}
            {canFile && o.status !== 'not_required' && (
              <Button size="xs" variant={o.required === 'yes' && o.status === 'open' ? 'filled' : 'default'} onClick={() => onOpen('file')}>
                Record filing{hidden}
              </Button>
            )}
          </Group>
        </Group>
      </Stack>
    </Paper>
  );
}
