import { Badge, Group, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { formatDuration, formatInstant } from '../../../format';
import type { Obligation } from './types';

/** The viewer's clock, re-read every `intervalMs` so countdowns tick. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** The instant that orders the board: the legal due time, else the outer limit, else the policy target. */
export function sortInstant(o: Obligation): string {
  return o.deadline.due_at ?? o.deadline.outer_limit_at ?? o.deadline.policy_target_at ?? '9999';
}

/** The legal limit that can be missed: the fixed due time or, for "without delay" rules, the outer limit. */
export function hardLimit(o: Obligation): string | null {
  return o.deadline.due_at ?? o.deadline.outer_limit_at;
}

export function isOverdue(o: Obligation, now: number): boolean {
  const limit = hardLimit(o);
  return o.status === 'open' && o.required !== 'no' && limit !== null && new Date(limit).getTime() < now;
}

const DAY_MS = 86_400_000;

/**
 * The deadline cell: a live countdown to the due time ("overdue by …" with an OVERDUE badge once it
 * passes: the word, not only the red, carries the meaning), the policy target for "without delay"
 * rules, or the obligation it waits for.
 */
export function DeadlineInfo({ obligation: o, dependsOnName }: { obligation: Obligation; dependsOnName: string | null }) {
  const now = useNow(1000);
  const d = o.deadline;
  if (o.status === 'met') {
    const first = o.filings[0];
    return (
      <Text size="sm">
        Met{first ? ` — filed ${formatInstant(first.filed_at)}` : ''}
        {d.due_at ? ` (was due ${formatInstant(d.due_at)})` : ''}
      </Text>
    );
  }
  if (o.status === 'not_required') {
    return <Text size="sm">No notice required{d.due_at ? ` (would have been due ${formatInstant(d.due_at)})` : ''}</Text>;
  }

  if (d.due_at) return <Countdown label="Due" at={d.due_at} now={now} legal />;

  if (d.kind === 'after') {
    const dependency = dependsOnName ? `“${dependsOnName}” (${d.depends_on})` : (d.depends_on ?? 'another obligation');
    return (
      <Text size="sm">
        <strong>Clock not started:</strong> due after {dependency} is met.
      </Text>
    );
  }

  if (d.kind === 'without_delay') {
    return (
      <Stack gap={4}>
        <Text size="sm">
          <strong>No fixed deadline</strong> — without undue delay
          {d.policy_target_at ? `; target ${formatInstant(d.policy_target_at)}` : ''}
        </Text>
        {d.policy_target_at && <Countdown label="Policy target" at={d.policy_target_at} now={now} legal={false} />}
        {d.outer_limit_at && <Countdown label="Outer limit" at={d.outer_limit_at} now={now} legal />}
      </Stack>
    );
  }

  return (
    <Text size="sm">
      <strong>No computable deadline</strong> — the clock runs from an event; see the rule in the details.
    </Text>
  );
}

/** A role="timer" countdown. `legal` limits turn into OVERDUE; a passed policy target only says so. */
function Countdown({ label, at, now, legal }: { label: string; at: string; now: number; legal: boolean }) {
  const ms = new Date(at).getTime() - now;
  const passed = ms < 0;
  const soon = !passed && ms < DAY_MS;
  return (
    <Group gap="xs" wrap="wrap">
      {passed && legal && (
        <Badge color="red.9" variant="filled" autoContrast>
          OVERDUE
        </Badge>
      )}
      {soon && legal && (
        <Badge color="yellow.5" variant="filled" autoContrast>
          Due within 24 h
        </Badge>
      )}
      <Text
        size="sm"
        role="timer"
        ff="monospace"
        fw={passed || soon ? 700 : 500}
        c={passed && legal ? 'red.9' : undefined}
        style={{ fontVariantNumeric: 'tabular-nums' }}
      >
        {passed ? `${label}: ${legal ? 'overdue' : 'passed'} by ${formatDuration(-ms / 1000)}` : `${label} in ${formatDuration(ms / 1000)}`}
      </Text>
      <Text size="xs">({formatInstant(at)})</Text>
    </Group>
  );
}
