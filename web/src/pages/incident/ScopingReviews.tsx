import { Badge, Button, Grid, Group, Paper, Radio, Stack, Text, Textarea, Title } from '@mantine/core';
import { useId, useState } from 'react';
import { api, withQuery } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EmptyState, QueryState } from '../../components/QueryState';
import { formatInstant } from '../../format';
import { useApiMutation, useApiQuery } from '../../queries';
import type { ScopingReview, ScopingSummary } from '../../types';
import { ContactFields, DataTypeBadges, ruleLabel } from './ScopingParts';

type Status = ScopingReview['status'];
const PAGE = 20;

/**
 * Ambiguous matches: a leaked record that fits more than one customer (two Ann Lees at one postal code).
 * The reviewer compares the record with each candidate and says who it is, or that it is none of them.
 */
export function ScopingReviews({
  incidentId,
  counts,
  canReview,
}: {
  incidentId: string;
  counts: ScopingSummary['reviews'];
  canReview: boolean;
}) {
  const base = `/api/incidents/${incidentId}/scoping`;
  const [status, setStatus] = useState<Status>('open');
  const [cursors, setCursors] = useState<string[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const reviews = useApiQuery<{ items: ScopingReview[]; next: string | null }>(
    withQuery(`${base}/reviews`, { status, after: cursors[cursors.length - 1], limit: PAGE }),
  );

  return (
    <Stack gap="sm">
      <Radio.Group
        label="Show reviews"
        value={status}
        onChange={(v) => {
          setCursors([]);
          setStatus(v);
        }}
      >
        <Group gap="md" mt={4} wrap="wrap">
          <Radio value="open" label={`Open (${counts.open})`} />
          <Radio value="matched" label={`Matched (${counts.matched})`} />
          <Radio value="rejected" label={`None of them (${counts.rejected})`} />
        </Group>
      </Radio.Group>
      {saved && (
        <Text size="sm" role="status" c="teal.9" fw={600}>
          {saved}
        </Text>
      )}
      <QueryState query={reviews} label="reviews">
        {({ items, next }) =>
          items.length === 0 ? (
            <EmptyState title={status === 'open' ? 'Nothing to review' : 'No decided reviews here'} />
          ) : (
            <>
              {items.map((item) => (
                <ReviewItem key={item.id} base={base} item={item} canReview={canReview} onResolved={setSaved} />
              ))}
              {(cursors.length > 0 || next) && (
                <Group gap="sm">
                  <Button size="xs" variant="default" disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
                    Previous reviews
                  </Button>
                  <Button size="xs" variant="default" disabled={!next} onClick={() => next && setCursors((c) => [...c, next])}>
                    More reviews
                  </Button>
                </Group>
              )}
            </>
          )
        }
      </QueryState>
    </Stack>
  );
}

function ReviewItem({
  base,
  item,
  canReview,
  onResolved,
}: {
  base: string;
  item: ScopingReview;
  canReview: boolean;
  onResolved: (message: string) => void;
}) {
  const headingId = useId();
  const [note, setNote] = useState(item.resolution_note ?? '');
  const where = `${item.file}, line ${item.line}`;
  const resolve = useApiMutation(
    (customerId: string | null) => api.post(`${base}/reviews/${item.id}`, { customer_id: customerId, note }),
    // A decision changes the register, its totals and the obligation facts fed from it.
    [base],
  );
  const chosen = item.candidates.find((c) => c.customer_id === item.resolved_customer_id);
  const decide = (customerId: string | null) =>
    resolve.mutate(customerId, {
      onSuccess: () => {
        const who = item.candidates.find((c) => c.customer_id === customerId)?.customer_ref;
        onResolved(`${where}: ${who ? `matched to ${who}` : 'none of the candidates'}. The register is updated.`);
      },
    });

  return (
    <Paper withBorder p="sm" radius="md" component="article" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={3} size="h5" id={headingId}>
            Review: {where}
          </Title>
          {item.status !== 'open' && (
            <Badge color={item.status === 'matched' ? 'teal.9' : 'gray.7'} autoContrast>
              {item.status === 'matched' ? `Matched to ${chosen?.customer_ref ?? 'a customer'}` : 'None of them'}
            </Badge>
          )}
        </Group>
        <Text size="sm">
          {item.reason} · rule: {ruleLabel(item.rule)}
        </Text>
        <DataTypeBadges types={item.data_types} />
        <Grid>
          <Grid.Col span={{ base: 12, sm: 6, md: 4 }}>
            <Paper p="xs" radius="sm" bg="yellow.0" withBorder h="100%">
              <Text fw={700} size="sm" mb={4}>
                Leaked record
              </Text>
              <ContactFields contact={item.record} />
            </Paper>
          </Grid.Col>
          {item.candidates.map((c) => (
            <Grid.Col key={c.customer_id} span={{ base: 12, sm: 6, md: 4 }}>
              <Paper p="xs" radius="sm" withBorder h="100%">
                <Text fw={700} size="sm" mb={4}>
                  Candidate {c.customer_ref} ({c.jurisdiction})
                </Text>
                <ContactFields contact={c.contact} />
                {canReview && (
                  <Button
                    size="xs"
                    mt="xs"
                    onClick={() => decide(c.customer_id)}
                    loading={resolve.isPending && resolve.variables === c.customer_id}
                    disabled={item.resolved_customer_id === c.customer_id}
                  >
                    This is {c.customer_ref}
                  </Button>
                )}
              </Paper>
            </Grid.Col>
          ))}
        </Grid>
        {canReview ? (
          <>
            <Textarea
              label={`Note on ${where}`}
              description="Why you decided so (kept with the decision)"
              autosize
              minRows={1}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
            />
            <Group>
              <Button
                size="xs"
                variant="default"
                onClick={() => decide(null)}
                loading={resolve.isPending && resolve.variables === null}
                disabled={item.status === 'rejected'}
              >
                None of them
              </Button>
            </Group>
          </>
        ) : (
          item.resolution_note && <Text size="sm">Note: {item.resolution_note}</Text>
        )}
        {item.resolved_at && <Text size="xs">Decided {formatInstant(item.resolved_at)}</Text>}
        <ErrorAlert error={resolve.error} />
      </Stack>
    </Paper>
  );
}
