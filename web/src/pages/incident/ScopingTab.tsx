import { Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { QueryState } from '../../components/QueryState';
import { Section } from '../../components/Section';
import { useApiMutation, usePolledApiQuery } from '../../queries';
import { useCan } from '../../session';
import type { ScopingSummary } from '../../types';
import { ScopingAddFiles } from './ScopingAddFiles';
import { IncompleteWarning, ScopingFiles } from './ScopingFiles';
import { ScopingMaster } from './ScopingMaster';
import { isActive } from './ScopingParts';
import { ScopingPerson } from './ScopingPerson';
import { ScopingProgress } from './ScopingProgress';
import { ScopingRegister } from './ScopingRegister';
import { ScopingReviews } from './ScopingReviews';
import { ScopingTotals } from './ScopingTotals';
import { ScopingUnmatched } from './ScopingUnmatched';

// While a scan runs, files finish one by one and each commit changes the totals; otherwise a slow refresh
// picks up scans started by colleagues. The running scan's own progress is polled faster (ScopingProgress).
const BUSY_MS = 3_000;
const IDLE_MS = 30_000;

/**
 * Whose data is in the leak: leak files scanned against the customer master into an exposure register
 * (who, where, which data types), with reviews of ambiguous matches, person search and export.
 */
export function ScopingTab({ incidentId }: { incidentId: string }) {
  const base = `/api/incidents/${incidentId}/scoping`;
  const can = useCan();
  const summary = usePolledApiQuery<ScopingSummary>(base, (s) => (s?.runs.some((r) => isActive(r.status)) ? BUSY_MS : IDLE_MS));

  return (
    <QueryState query={summary} label="scoping">
      {(s) => {
        const activeRuns = s.runs.filter((r) => isActive(r.status));
        const lastFailed = s.runs.find((r) => r.status === 'failed');
        return (
          <Stack>
            <ScopingMaster />
            {can('scoping.run') && (
              <Section title="Add leak files">
                <ScopingAddFiles incidentId={incidentId} canUpload={can('evidence.upload')} />
              </Section>
            )}
            <Section title="Leak files">
              <Stack gap="sm">
                {activeRuns.map((r) => (
                  <ScopingProgress key={r.id} incidentId={incidentId} run={r} canCancel={can('scoping.run')} />
                ))}
                {lastFailed?.error && activeRuns.length === 0 && (
                  <Text size="sm" c="red.9" role="alert">
                    The last failed scan stopped with: {lastFailed.error}
                  </Text>
                )}
                <IncompleteWarning files={s.files} />
                <ScopingFiles incidentId={incidentId} files={s.files} canCorrect={can('scoping.review')} />
              </Stack>
            </Section>
            <Section title="Affected customers">
              <ScopingTotals summary={s} />
              {can('obligation.recompute') && <ApplyToObligations incidentId={incidentId} />}
            </Section>
            <Section title="Exposure register">
              <ScopingRegister
                incidentId={incidentId}
                jurisdictions={Object.keys(s.jurisdiction_totals).sort()}
                dataTypes={Object.entries(s.data_type_totals)
                  .filter(([, n]) => n > 0)
                  .map(([t]) => t)}
                canReadContacts={can('customer.read')}
              />
            </Section>
            <Section title="Ambiguous matches to review">
              <ScopingReviews incidentId={incidentId} counts={s.reviews} canReview={can('scoping.review')} />
            </Section>
            {can('customer.read') && (
              <>
                <Section title="Find a person">
                  <ScopingPerson incidentId={incidentId} />
                </Section>
                <Section title="Unmatched individuals">
                  <Text size="sm" mb="sm">
                    People in the leak who are not in the customer master, for example guest buyers. They may have to be notified too.
                  </Text>
                  <ScopingUnmatched incidentId={incidentId} total={s.unmatched_people} />
                </Section>
              </>
            )}
          </Stack>
        );
      }}
    </QueryState>
  );
}

/** Feeds the register into the obligation facts by hand (each finished scan does it automatically), e.g. after editing the facts. */
function ApplyToObligations({ incidentId }: { incidentId: string }) {
  const incidentBase = `/api/incidents/${incidentId}`;
  const [done, setDone] = useState(false);
  const apply = useApiMutation(() => api.post(`${incidentBase}/scoping/apply-obligations`), [`${incidentBase}/obligation`]);
  return (
    <Stack gap="xs" mt="md">
      <Group gap="sm" wrap="wrap">
        <Button variant="default" onClick={() => apply.mutate(undefined, { onSuccess: () => setDone(true) })} loading={apply.isPending}>
          Use for obligations
        </Button>
        <Text size="xs">Replaces the affected people in the obligation facts with these numbers and recomputes the deadlines.</Text>
      </Group>
      {done && (
        <Text size="sm" role="status" c="teal.9" fw={600}>
          Obligation facts updated from the register; see the Obligations tab.
        </Text>
      )}
      <ErrorAlert error={apply.error} />
    </Stack>
  );
}
