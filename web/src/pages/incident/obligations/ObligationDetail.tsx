import {
  Alert,
  Anchor,
  Badge,
  Button,
  Divider,
  Group,
  List,
  NativeSelect,
  Radio,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../../../api';
import { DateTimeField } from '../../../components/DateTimeField';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { OwnerSelect } from '../../../components/OwnerSelect';
import { UploadForm } from '../../../components/UploadForm';
import { browserTimeZone, formatInstant, isoToWallTime, wallTimeToIso } from '../../../format';
import { apiKey, useApiMutation, useApiQuery } from '../../../queries';
import type { Evidence } from '../../../types';
import { ObligationBadges, type DetailView } from './ObligationCard';
import { DeadlineInfo } from './deadline';
import type { Board, Obligation } from './types';
import { readableAlert } from './vocabulary';

type Permissions = { decide: boolean; file: boolean; assign: boolean; upload: boolean };

/** Writes answer with the whole board; put it in the cache at once and refresh what else changed. */
function useBoardMutation<TInput>(incidentId: string, run: (input: TInput) => Promise<Board>) {
  const client = useQueryClient();
  const base = `/api/incidents/${incidentId}`;
  const mutation = useApiMutation(run, [`${base}/obligations`, `${base}/timeline`]);
  const mutate = (input: TInput, onSuccess?: () => void) =>
    mutation.mutate(input, {
      onSuccess: (board) => {
        client.setQueryData(apiKey(`${base}/obligations`), board);
        onSuccess?.();
      },
    });
  return { mutate, error: mutation.error, isPending: mutation.isPending };
}

/**
 * The content of the obligation dialog: full details, or the decide / record-filing forms. After a
 * decision or a filing it returns to the details, where the decision history and filings show the result.
 */
export function ObligationPanel({
  incidentId,
  obligation: o,
  dependsOnName,
  view,
  setView,
  can,
}: {
  incidentId: string;
  obligation: Obligation;
  dependsOnName: string | null;
  view: DetailView;
  setView: (v: DetailView) => void;
  can: Permissions;
}) {
  const evidence = useApiQuery<{ evidence: Evidence[] }>(`/api/incidents/${incidentId}/evidence`);
  const evidenceList = evidence.data?.evidence ?? [];
  if (view === 'decide' && can.decide && o.status === 'open')
    return <DecideForm incidentId={incidentId} obligation={o} onDone={() => setView('details')} onCancel={() => setView('details')} />;
  if (view === 'file' && can.file && o.status !== 'not_required')
    return (
      <FilingForm
        incidentId={incidentId}
        obligation={o}
        evidence={evidenceList}
        canUpload={can.upload}
        onDone={() => setView('details')}
        onCancel={() => setView('details')}
      />
    );
  return (
    <Stack gap="md">
      <ObligationBadges obligation={o} />
      <Text size="sm">
        {o.regime_name} · {o.jurisdiction} · {o.affected_count.toLocaleString('en')} affected · rule <code>{o.rule_id}</code>
      </Text>
      <DeadlineInfo obligation={o} dependsOnName={dependsOnName} />
      <Group gap="xs">
        {can.decide && o.status === 'open' && (
          <Button size="xs" variant={o.required === 'decide' ? 'filled' : 'default'} onClick={() => setView('decide')}>
            {o.required === 'decide' ? 'Decide' : 'Record a decision'}
          </Button>
        )}
        {can.file && o.status !== 'not_required' && (
          <Button size="xs" variant="default" onClick={() => setView('file')}>
            Record filing
          </Button>
        )}
      </Group>
      {can.assign ? (
        <OwnerField incidentId={incidentId} obligation={o} />
      ) : (
        <Text size="sm">
          <strong>Owner:</strong> {o.owner_email ?? 'nobody yet'}
        </Text>
      )}
      {o.required === 'decide' && o.question && (
        <Alert color="yellow" variant="light" title="Decision needed" styles={readableAlert}>
          {o.question}
        </Alert>
      )}

      <Block title="Why">
        <Text size="sm">{o.reason}</Text>
      </Block>
      <Block title="Decision history">
        {o.decisions.length === 0 ? (
          <Text size="sm">No decision recorded.</Text>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Decided</Table.Th>
                  <Table.Th scope="col">By</Table.Th>
                  <Table.Th scope="col">Decision</Table.Th>
                  <Table.Th scope="col">Rationale</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {o.decisions.map((d) => (
                  <Table.Tr key={`${d.decided_at}-${d.decided_by}`}>
                    <Table.Td>{formatInstant(d.decided_at)}</Table.Td>
                    <Table.Td>{d.decided_by}</Table.Td>
                    <Table.Td>{d.required === 'yes' ? 'Notice required' : 'Not required'}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{d.rationale}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Block>
      <Block title="Filings">
        {o.filings.length === 0 ? (
          <Text size="sm">No filing recorded.</Text>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Filed</Table.Th>
                  <Table.Th scope="col">Method</Table.Th>
                  <Table.Th scope="col">Reference</Table.Th>
                  <Table.Th scope="col">Note</Table.Th>
                  <Table.Th scope="col">Evidence</Table.Th>
                  <Table.Th scope="col">Recorded by</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {o.filings.map((f) => (
                  <Table.Tr key={f.id}>
                    <Table.Td>{formatInstant(f.filed_at)}</Table.Td>
                    <Table.Td>{f.method}</Table.Td>
                    <Table.Td>{f.reference || '—'}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{f.note || '—'}</Table.Td>
                    <Table.Td>
                      {f.evidence_id ? (evidenceList.find((e) => e.id === f.evidence_id)?.filename ?? f.evidence_id) : '—'}
                    </Table.Td>
                    <Table.Td>{f.filed_by}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Block>
      <Block title="Deadline rule">
        <Text size="sm">{o.deadline.rule}</Text>
        <List size="sm" mt={4}>
          {o.deadline.due_at && <List.Item>Due: {formatInstant(o.deadline.due_at)}</List.Item>}
          {o.deadline.policy_target_at && <List.Item>Policy target: {formatInstant(o.deadline.policy_target_at)}</List.Item>}
          {o.deadline.outer_limit_at && <List.Item>Outer limit: {formatInstant(o.deadline.outer_limit_at)}</List.Item>}
          {o.deadline.depends_on && (
            <List.Item>Counted from: {dependsOnName ? `${dependsOnName} (${o.deadline.depends_on})` : o.deadline.depends_on}</List.Item>
          )}
        </List>
        {o.law_enforcement_delay && (
          <Text size="sm" mt={4}>
            This law allows delaying the notice while law enforcement asks for it; record that request on the timeline.
          </Text>
        )}
      </Block>
      <Block title="Required content">
        {o.content.must.length === 0 && o.content.must_not.length === 0 ? (
          <Text size="sm">The rules file lists no specific content for this notice.</Text>
        ) : (
          <>
            {o.content.must.length > 0 && (
              <>
                <Text size="sm" fw={600}>
                  The notice must include
                </Text>
                <List size="sm" mb="xs">
                  {o.content.must.map((item) => (
                    <List.Item key={item}>{item}</List.Item>
                  ))}
                </List>
              </>
            )}
            {o.content.must_not.length > 0 && (
              <>
                <Text size="sm" fw={600}>
                  The notice must not
                </Text>
                <List size="sm">
                  {o.content.must_not.map((item) => (
                    <List.Item key={item}>{item}</List.Item>
                  ))}
                </List>
              </>
            )}
          </>
        )}
      </Block>
      <Block title="Methods">
        {o.methods.length ? (
          <List size="sm">
            {o.methods.map((m) => (
              <List.Item key={m}>{m}</List.Item>
            ))}
          </List>
        ) : (
          <Text size="sm">No method specified.</Text>
        )}
        {o.substitute_notice && (
          <Text size="sm" mt="xs">
            <strong>Substitute notice:</strong> {o.substitute_notice}
          </Text>
        )}
      </Block>
      <Block title="Sources and confidence">
        <List size="sm">
          {o.sources.map((s) => (
            <List.Item key={`${s.title}-${s.url ?? ''}`}>
              {s.url ? (
                <Anchor href={s.url} target="_blank" rel="noopener noreferrer">
                  {s.title}
                  <VisuallyHidden> (opens in a new tab)</VisuallyHidden>
                </Anchor>
              ) : (
                <>
                  {s.title}{' '}
                  <Badge color="gray.7" variant="outline" size="sm">
                    Unconfirmed lead
                  </Badge>
                </>
              )}
            </List.Item>
          ))}
        </List>
        <Text size="sm" mt="xs">
          <strong>Confidence:</strong> {o.confidence} · <strong>Rule last verified:</strong> {o.last_verified}
        </Text>
        {o.notes && (
          <Text size="sm" mt="xs">
            <strong>Notes:</strong> {o.notes}
          </Text>
        )}
      </Block>
    </Stack>
  );
}

/** A titled part of the dialog (h3 under the dialog's h2 title). */
function Block({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id}>
      <Divider mb="xs" />
      <Title order={3} size="h6" mb={4} id={id}>
        {title}
      </Title>
      {children}
    </section>
  );
}

function OwnerField({ incidentId, obligation: o }: { incidentId: string; obligation: Obligation }) {
  const assign = useBoardMutation(incidentId, (owner_id: string | null) =>
    api.patch<Board>(`/api/incidents/${incidentId}/obligations/${o.id}`, { version: o.version, owner_id }),
  );
  return (
    <div>
      <OwnerSelect label="Owner of this obligation" value={o.owner_id ?? ''} onChange={(id) => assign.mutate(id || null)} />
      {assign.isPending && (
        <Text size="xs" role="status">
          Saving owner…
        </Text>
      )}
      <ErrorAlert error={assign.error} />
    </div>
  );
}

function DecideForm({
  incidentId,
  obligation: o,
  onDone,
  onCancel,
}: {
  incidentId: string;
  obligation: Obligation;
  onDone: () => void;
  onCancel: () => void;
}) {
  const [required, setRequired] = useState<string>('');
  const [rationale, setRationale] = useState('');
  const [problems, setProblems] = useState<{ required?: string; rationale?: string }>({});
  const decide = useBoardMutation(incidentId, (body: { required: string; rationale: string }) =>
    api.post<Board>(`/api/incidents/${incidentId}/obligations/${o.id}/decision`, body),
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    const found = {
      required: required ? undefined : 'Choose whether notice is required',
      rationale: rationale.trim() ? undefined : 'Write down why: the rationale is kept permanently',
    };
    setProblems(found);
    if (found.required || found.rationale) return;
    decide.mutate({ required, rationale: rationale.trim() }, onDone);
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <ObligationBadges obligation={o} />
        <Alert color="yellow" variant="light" title="The question" styles={readableAlert}>
          {o.question ?? `Is a notice to ${o.recipient_name} required under ${o.regime_name}?`}
        </Alert>
        <Text size="sm">{o.reason}</Text>
        <Radio.Group
          label="Is a notice to this recipient required?"
          description="Answer for this obligation. A “not required” decision stays in the decision history and on the timeline."
          value={required}
          onChange={setRequired}
          error={problems.required}
          withAsterisk
        >
          <Stack gap="xs" mt="xs">
            <Radio value="yes" label="Yes — notice required" />
            <Radio value="no" label="No — notice not required" />
          </Stack>
        </Radio.Group>
        <Textarea
          label="Rationale"
          description="Who assessed what, and why; counsel’s advice if any."
          withAsterisk
          autosize
          minRows={3}
          value={rationale}
          error={problems.rationale}
          onChange={(e) => setRationale(e.currentTarget.value)}
        />
        <ErrorAlert error={decide.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Back to details
          </Button>
          <Button type="submit" loading={decide.isPending}>
            Record decision
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function FilingForm({
  incidentId,
  obligation: o,
  evidence,
  canUpload,
  onDone,
  onCancel,
}: {
  incidentId: string;
  obligation: Obligation;
  evidence: Evidence[];
  canUpload: boolean;
  onDone: () => void;
  onCancel: () => void;
}) {
  const [zone, setZone] = useState(browserTimeZone);
  const [filedAt, setFiledAt] = useState(() => isoToWallTime(new Date().toISOString(), browserTimeZone()));
  const [method, setMethod] = useState(o.methods[0] ?? '');
  const [reference, setReference] = useState('');
  const [note, setNote] = useState('');
  const [evidenceId, setEvidenceId] = useState('');
  const [showUpload, setShowUpload] = useState(false);
  const [problems, setProblems] = useState<{ filedAt?: string; method?: string }>({});
  const file = useBoardMutation(
    incidentId,
    (body: { filed_at: string; method: string; reference: string; note: string; evidence_id: string | null }) =>
      api.post<Board>(`/api/incidents/${incidentId}/obligations/${o.id}/filings`, body),
  );
  const evidencePath = `/api/incidents/${incidentId}/evidence`;

  function submit(e: FormEvent) {
    e.preventDefault();
    const iso = wallTimeToIso(filedAt, zone);
    const found = {
      filedAt: !iso
        ? 'Enter when it was sent'
        : new Date(iso).getTime() > Date.now() + 5 * 60_000
          ? 'Cannot be in the future: record a filing once it was sent'
          : undefined,
      method: method.trim() ? undefined : 'Say how it was sent',
    };
    setProblems(found);
    if (found.filedAt || found.method || !iso) return;
    file.mutate(
      { filed_at: iso, method: method.trim(), reference: reference.trim(), note: note.trim(), evidence_id: evidenceId || null },
      onDone,
    );
  }

  const methodOptions = [...new Set([...o.methods, method].filter(Boolean))];
  return (
    <Stack gap="md">
      <ObligationBadges obligation={o} />
      <Text size="sm">
        Records that the notice to <strong>{o.recipient_name}</strong> was sent, which marks this obligation met (and starts the clock of
        obligations counted from it).
      </Text>
      {canUpload && (
        <div>
          <Button variant="subtle" size="xs" onClick={() => setShowUpload((v) => !v)} aria-expanded={showUpload}>
            {showUpload ? 'Hide upload' : 'Upload the copy that was sent as evidence'}
          </Button>
          {showUpload && (
            <UploadForm
              path={evidencePath}
              invalidates={[evidencePath, `/api/incidents/${incidentId}/timeline`]}
              fileLabel="Copy of the notice"
              onUploaded={(ev) => {
                setEvidenceId(ev.id);
                setShowUpload(false);
              }}
            />
          )}
        </div>
      )}
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <DateTimeField
            label="Filed at"
            zoneLabel="Filed at time zone"
            value={filedAt}
            zone={zone}
            onChange={setFiledAt}
            onZoneChange={setZone}
            required
          />
          {problems.filedAt && (
            <Text size="sm" c="red.9" role="alert">
              {problems.filedAt}
            </Text>
          )}
          <TextInput
            label="Method"
            description={o.methods.length ? `Listed for this rule: ${o.methods.join('; ')}` : undefined}
            withAsterisk
            list={`methods-${o.id}`}
            value={method}
            error={problems.method}
            onChange={(e) => setMethod(e.currentTarget.value)}
          />
          <datalist id={`methods-${o.id}`}>
            {methodOptions.map((m) => (
              <option key={m} value={m} />
            ))}
          </datalist>
          <TextInput
            label="Reference number"
            description="Case or confirmation number from the recipient, if any"
            value={reference}
            onChange={(e) => setReference(e.currentTarget.value)}
          />
          <Textarea label="Note" autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
          <NativeSelect
            label="Evidence (copy of what was sent)"
            value={evidenceId}
            onChange={(e) => setEvidenceId(e.currentTarget.value)}
            data={[
              { value: '', label: evidence.length ? 'None' : 'None (no evidence uploaded yet)' },
              ...evidence.map((ev) => ({ value: ev.id, label: ev.description ? `${ev.filename} — ${ev.description}` : ev.filename })),
            ]}
          />
          <ErrorAlert error={file.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel}>
              Back to details
            </Button>
            <Button type="submit" loading={file.isPending}>
              Record filing
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
