import { Button, Group, Paper, Progress, Stack, Text } from '@mantine/core';
import { useEffect } from 'react';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatInstant } from '../../format';
import { useApiMutation, useInvalidate, usePolledApiQuery } from '../../queries';
import type { ScopingRun } from '../../types';
import { label } from '../../vocabulary';
import { count, isActive } from './ScopingParts';

const POLL_MS = 1_500;

/**
 * Live progress of one queued or running scan, polled every 1.5 s. When it ends, everything the run
 * feeds (totals, register, reviews, obligation facts, timeline) is refetched.
 */
export function ScopingProgress({ incidentId, run, canCancel }: { incidentId: string; run: ScopingRun; canCancel: boolean }) {
  const incidentBase = `/api/incidents/${incidentId}`;
  const base = `${incidentBase}/scoping`;
  const runPath = `${base}/runs/${run.id}`;
  const polled = usePolledApiQuery<ScopingRun>(runPath, (d) => (!d || isActive(d.status) ? POLL_MS : false));
  const current = polled.data ?? run;
  const finished = !isActive(current.status);
  const invalidate = useInvalidate();
  const cancel = useApiMutation(() => api.post<ScopingRun>(`${runPath}/cancel`), [base]);

  useEffect(() => {
    if (finished) void invalidate(base, `${incidentBase}/obligation`, `${incidentBase}/timeline`);
    // Only the transition to "finished" matters; invalidate and the paths are stable for one run.
  }, [finished]);

  const p = current.progress;
  const percent = p.files_total ? Math.round((p.files_done / p.files_total) * 100) : 0;
  const megabytes = (p.bytes / 1_048_576).toFixed(1);

  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-label="Scan progress">
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text fw={600} size="sm">
            Scan {label(current.status).toLowerCase()}
            {current.cancel_requested && current.status === 'running' ? ', stopping after the current record…' : ''}
          </Text>
          <Text size="xs">started {formatInstant(current.started_at ?? current.created_at)}</Text>
        </Group>
        <Progress value={percent} animated={current.status === 'running'} aria-label="Files scanned" />
        <Text size="sm" role="status" aria-live="polite">
          {count(p.records)} records · {megabytes} MB read · files {p.files_done} of {p.files_total || '…'}
          {p.file ? ` · now: ${p.file}` : ''}
        </Text>
        {canCancel && !finished && (
          <Group>
            <Button
              size="xs"
              color="red"
              variant="outline"
              onClick={() => cancel.mutate(undefined)}
              loading={cancel.isPending}
              disabled={current.cancel_requested}
            >
              Cancel scan
            </Button>
            <Text size="xs">Files finished so far stay in the register; the rest is marked cancelled.</Text>
          </Group>
        )}
        <ErrorAlert error={cancel.error ?? polled.error} />
      </Stack>
    </Paper>
  );
}
