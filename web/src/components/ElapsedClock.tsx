import { Alert, Paper, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { formatDuration, formatInstant } from '../format';
import type { Incident } from '../types';

/**
 * The legal clock: time since the organisation became aware (aware_at). It starts from the server's
 * elapsed seconds and adds local time since fetch, so a wrong clock on the viewer's computer does not
 * skew it. It stops at closed_at, as the server does.
 */
export function ElapsedClock({ incident, fetchedAt }: { incident: Incident; fetchedAt: number }) {
  const [now, setNow] = useState(() => Date.now());
  const running = incident.elapsed_since_aware_seconds !== null && !incident.closed_at;
  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [running]);

  if (incident.elapsed_since_aware_seconds === null || !incident.aware_at) {
    return (
      <Alert color="orange" variant="light" title="Aware time not set" role="status">
        Legal notification clocks start when the organisation became aware of the breach. Set the “Aware” timestamp on the Overview tab.
      </Alert>
    );
  }
  const elapsed = incident.elapsed_since_aware_seconds + (running ? Math.max(0, (now - fetchedAt) / 1000) : 0);
  const hours = elapsed / 3600;
  // 72 hours is the GDPR Art. 33 deadline for notifying the authority; colour the clock as it approaches.
  const color = hours >= 72 ? 'red' : hours >= 48 ? 'orange' : 'blue';
  return (
    <Paper withBorder p="sm" radius="md" style={{ borderColor: `var(--mantine-color-${color}-6)`, borderWidth: 2 }}>
      <Text size="sm" fw={600} id="aware-clock-label">
        Time since aware {incident.closed_at ? '(stopped at close)' : ''}
      </Text>
      <Text
        aria-labelledby="aware-clock-label"
        role="timer"
        fz={32}
        fw={700}
        ff="monospace"
        c={`${color}.9`}
        style={{ fontVariantNumeric: 'tabular-nums' }}
      >
        {formatDuration(elapsed)}
      </Text>
      <Text size="xs">Aware since {formatInstant(incident.aware_at)}</Text>
    </Paper>
  );
}
