import {
  Alert,
  Button,
  Checkbox,
  Fieldset,
  Group,
  MultiSelect,
  NativeSelect,
  NumberInput,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, api } from '../../../api';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { apiKey, useApiMutation } from '../../../queries';
import type { DataType } from '../../../../../src/contract/data-types.js';
import type { Board, EntityRole, FactsResponse, Hipaa, ObligationFacts, RiskOfHarm } from './types';
import {
  dataTypeOptions,
  hipaaOptions,
  industryOptions,
  jurisdictionHint,
  jurisdictionPattern,
  readableAlert,
  riskOptions,
  roleOptions,
} from './vocabulary';

type GroupDraft = { key: number; jurisdiction: string; count: string | number; data_types: string[] };
type Draft = {
  industry: string;
  countries: string;
  publicly_traded: boolean;
  hipaa: Hipaa;
  financial_institution: boolean;
  card_merchant: boolean;
  role: EntityRole;
  data_encrypted: boolean;
  key_compromised: boolean;
  risk_of_harm: RiskOfHarm;
  law_enforcement_delay: boolean;
  affected: GroupDraft[];
};
type Errors = Record<string, string>;

let nextKey = 1;
const emptyGroup = (): GroupDraft => ({ key: nextKey++, jurisdiction: '', count: '', data_types: [] });

function toDraft(facts: ObligationFacts | null): Draft {
  return {
    industry: facts?.entity.industry ?? 'ecommerce',
    countries: (facts?.entity.countries ?? []).join(', '),
    publicly_traded: facts?.entity.publicly_traded ?? false,
    hipaa: facts?.entity.hipaa ?? 'none',
    financial_institution: facts?.entity.financial_institution ?? false,
    card_merchant: facts?.entity.card_merchant ?? false,
    role: facts?.entity.role ?? 'controller',
    data_encrypted: facts?.data_encrypted ?? false,
    key_compromised: facts?.key_compromised ?? false,
    risk_of_harm: facts?.risk_of_harm ?? 'unknown',
    law_enforcement_delay: facts?.law_enforcement_delay ?? false,
    affected: facts?.affected.length
      ? facts.affected.map((g) => ({ key: nextKey++, jurisdiction: g.jurisdiction, count: g.count, data_types: [...g.data_types] }))
      : [emptyGroup()],
  };
}

const splitCodes = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);

/** Client-side checks mirroring the engine's schema, keyed like the server's paths (minus "body.facts."). */
function validate(d: Draft): Errors {
  const errors: Errors = {};
  const badCountries = splitCodes(d.countries).filter((c) => !jurisdictionPattern.test(c));
  if (badCountries.length) errors['entity.countries'] = `Not an ISO code: ${badCountries.join(', ')}. ${jurisdictionHint}`;
  d.affected.forEach((g, i) => {
    if (!jurisdictionPattern.test(g.jurisdiction.trim())) errors[`affected.${i}.jurisdiction`] = jurisdictionHint;
    if (g.count === '' || !Number.isInteger(Number(g.count)) || Number(g.count) < 0)
      errors[`affected.${i}.count`] = 'A whole number, 0 or more';
    if (g.data_types.length === 0) errors[`affected.${i}.data_types`] = 'Pick at least one data type';
  });
  return errors;
}

function toFacts(d: Draft): ObligationFacts {
  return {
    entity: {
      industry: d.industry.trim() || 'ecommerce',
      countries: splitCodes(d.countries),
      publicly_traded: d.publicly_traded,
      hipaa: d.hipaa,
      financial_institution: d.financial_institution,
      card_merchant: d.card_merchant,
      role: d.role,
    },
    data_encrypted: d.data_encrypted,
    key_compromised: d.data_encrypted && d.key_compromised,
    risk_of_harm: d.risk_of_harm,
    law_enforcement_delay: d.law_enforcement_delay,
    affected: d.affected.map((g) => ({
      jurisdiction: g.jurisdiction.trim().toUpperCase(),
      count: Number(g.count),
      data_types: g.data_types as DataType[],
    })),
  };
}

/** Server paths look like "body.facts.affected.0.jurisdiction"; the form keys drop the envelope. */
function serverErrors(error: unknown): Errors {
  if (!(error instanceof ApiError)) return {};
  const out: Errors = {};
  for (const issue of error.fieldIssues) {
    const key = issue.path.replace(/^body\./, '').replace(/^facts\./, '');
    // "affected.0.data_types.1" (one bad item) is shown on the whole multi-select.
    const field = key.replace(/^(affected\.\d+\.data_types)\.\d+$/, '$1').replace(/^(entity\.countries)\.\d+$/, '$1');
    out[field] ??= issue.message;
  }
  return out;
}

/** Stable JSON (sorted keys), to recognise our own write when the server answers with an error after storing it. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

export const isAwareTimeConflict = (error: unknown) =>
  error instanceof ApiError && error.code === 'CONFLICT' && /aware time/i.test(error.message);

/**
 * The facts the engine needs: organisation profile, encryption, risk of harm, law-enforcement delay and
 * the affected groups. Saving stores them with optimistic locking (version) and recomputes the board.
 */
export function FactsForm({
  incidentId,
  current,
  canEdit,
  onSaved,
  onReload,
}: {
  incidentId: string;
  current: FactsResponse;
  canEdit: boolean;
  onSaved: (board: Board) => void;
  /** Discards the draft and starts again from the stored facts (after a stale-version conflict). */
  onReload: () => void;
}) {
  const client = useQueryClient();
  const hintId = useId();
  const [draft, setDraft] = useState<Draft>(() => toDraft(current.facts));
  const [baseVersion, setBaseVersion] = useState<number | null>(current.version);
  const [clientErrors, setClientErrors] = useState<Errors>({});
  const lastSent = useRef<ObligationFacts | null>(null);
  const factsPath = `/api/incidents/${incidentId}/obligation-facts`;
  const save = useApiMutation(
    (body: { version: number | null; facts: ObligationFacts }) => api.put<Board>(factsPath, body),
    // Everything under the incident: facts, board, timeline, and the incident itself (its aware time may have changed meanwhile).
    [`/api/incidents/${incidentId}`],
  );
  const errors: Errors = { ...serverErrors(save.error), ...clientErrors };
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
  };
  const setGroup = (index: number, patch: Partial<GroupDraft>) => {
    setDraft((d) => ({ ...d, affected: d.affected.map((g, i) => (i === index ? { ...g, ...patch } : g)) }));
  };

  function submit(e: FormEvent) {
    e.preventDefault();
    const found = validate(draft);
    setClientErrors(found);
    if (Object.keys(found).length) return;
    const facts = toFacts(draft);
    lastSent.current = facts;
    save.mutate(
      { version: baseVersion, facts },
      {
        onSuccess: (board) => {
          setBaseVersion((v) => (v ?? 0) + 1);
          client.setQueryData(apiKey(`/api/incidents/${incidentId}/obligations`), board);
          onSaved(board);
        },
        onError: (error) => {
          // The server may store the facts before it finds that aware_at is missing; if what is stored now
          // is exactly what we sent, continue from its version so the next save is not a stale conflict.
          if (!isAwareTimeConflict(error)) return;
          void client.invalidateQueries({ queryKey: apiKey(`/api/incidents/${incidentId}`) });
          void api.get<FactsResponse>(factsPath).then((stored) => {
            if (stored.facts && lastSent.current && canonical(stored.facts) === canonical(lastSent.current)) setBaseVersion(stored.version);
          });
        },
      },
    );
  }

  const awareConflict = isAwareTimeConflict(save.error);
  const staleConflict = !awareConflict && save.error instanceof ApiError && save.error.code === 'CONFLICT';
  return (
    <form onSubmit={submit} noValidate aria-describedby={hintId}>
      <Stack gap="md">
        <Text size="sm" id={hintId}>
          The engine decides from these facts (and the incident’s aware time) which notices are required. Unsure? Leave risk of harm as “not
          assessed”: each rule then asks its own question for the team to decide.
        </Text>
        <fieldset disabled={!canEdit} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
          <Stack gap="md">
            <Fieldset legend="Organisation profile">
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <NativeSelect
                  label="Industry"
                  data={
                    industryOptions.some((o) => o.value === draft.industry)
                      ? industryOptions
                      : [...industryOptions, { value: draft.industry, label: draft.industry }]
                  }
                  value={draft.industry}
                  onChange={(e) => set('industry', e.currentTarget.value)}
                />
                <TextInput
                  label="Countries where the organisation is established"
                  description="ISO codes separated by commas, e.g. US, DE"
                  value={draft.countries}
                  error={errors['entity.countries']}
                  onChange={(e) => set('countries', e.currentTarget.value.toUpperCase())}
                />
                <NativeSelect
                  label="Role for this data"
                  data={roleOptions}
                  value={draft.role}
                  onChange={(e) => set('role', e.currentTarget.value as EntityRole)}
                />
                <NativeSelect
                  label="HIPAA status"
                  data={hipaaOptions}
                  value={draft.hipaa}
                  onChange={(e) => set('hipaa', e.currentTarget.value as Hipaa)}
                />
              </SimpleGrid>
              <Group mt="md" gap="lg">
                <Checkbox
                  label="Publicly traded (SEC reporting)"
                  checked={draft.publicly_traded}
                  onChange={(e) => set('publicly_traded', e.currentTarget.checked)}
                />
                <Checkbox
                  label="Financial institution"
                  checked={draft.financial_institution}
                  onChange={(e) => set('financial_institution', e.currentTarget.checked)}
                />
                <Checkbox
                  label="Accepts payment cards (card merchant)"
                  checked={draft.card_merchant}
                  onChange={(e) => set('card_merchant', e.currentTarget.checked)}
                />
              </Group>
            </Fieldset>

            <Fieldset legend="Protection and harm">
              <Stack gap="sm">
                <Checkbox
                  label="All exposed data was encrypted (or otherwise unreadable)"
                  checked={draft.data_encrypted}
                  onChange={(e) => set('data_encrypted', e.currentTarget.checked)}
                />
                <Checkbox
                  label="The key or credential to read it was compromised too"
                  description={draft.data_encrypted ? undefined : 'Only relevant when the data was encrypted'}
                  disabled={!draft.data_encrypted}
                  checked={draft.data_encrypted && draft.key_compromised}
                  onChange={(e) => set('key_compromised', e.currentTarget.checked)}
                />
                <NativeSelect
                  label="Risk of harm to the people affected"
                  data={riskOptions}
                  value={draft.risk_of_harm}
                  onChange={(e) => set('risk_of_harm', e.currentTarget.value as RiskOfHarm)}
                  maw={520}
                />
                <Checkbox
                  label="Law enforcement asked for notice to be delayed"
                  checked={draft.law_enforcement_delay}
                  onChange={(e) => set('law_enforcement_delay', e.currentTarget.checked)}
                />
              </Stack>
            </Fieldset>

            <Fieldset legend="Affected people">
              <Text size="sm" mb="xs">
                One row per jurisdiction of residence and set of exposed data types. Jurisdiction: {jurisdictionHint}.
              </Text>
              <Table.ScrollContainer minWidth={760}>
                <Table verticalSpacing="xs">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col" w={170}>
                        Jurisdiction
                      </Table.Th>
                      <Table.Th scope="col" w={150}>
                        People affected
                      </Table.Th>
                      <Table.Th scope="col">Data types exposed</Table.Th>
                      <Table.Th scope="col" w={110}>
                        <VisuallyHidden>Remove</VisuallyHidden>
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {draft.affected.map((g, i) => (
                      <Table.Tr key={g.key}>
                        <Table.Td style={{ verticalAlign: 'top' }}>
                          <TextInput
                            aria-label={`Jurisdiction, group ${i + 1}`}
                            placeholder="US-CA"
                            value={g.jurisdiction}
                            error={errors[`affected.${i}.jurisdiction`]}
                            onChange={(e) => setGroup(i, { jurisdiction: e.currentTarget.value.toUpperCase() })}
                            autoComplete="off"
                            spellCheck={false}
                          />
                        </Table.Td>
                        <Table.Td style={{ verticalAlign: 'top' }}>
                          <NumberInput
                            aria-label={`People affected, group ${i + 1}`}
                            min={0}
                            allowDecimal={false}
                            allowNegative={false}
                            thousandSeparator=","
                            value={g.count}
                            error={errors[`affected.${i}.count`]}
                            onChange={(v) => setGroup(i, { count: v })}
                          />
                        </Table.Td>
                        <Table.Td style={{ verticalAlign: 'top' }}>
                          <MultiSelect
                            aria-label={`Data types, group ${i + 1}`}
                            placeholder={g.data_types.length ? undefined : 'Pick data types'}
                            data={dataTypeOptions}
                            value={g.data_types}
                            error={errors[`affected.${i}.data_types`]}
                            onChange={(v) => setGroup(i, { data_types: v })}
                            searchable
                            hidePickedOptions
                            maxDropdownHeight={260}
                            comboboxProps={{ withinPortal: true }}
                          />
                        </Table.Td>
                        <Table.Td style={{ verticalAlign: 'top' }}>
                          <Button
                            variant="subtle"
                            color="red.9"
                            size="xs"
                            onClick={() =>
                              set(
                                'affected',
                                draft.affected.filter((_, j) => j !== i),
                              )
                            }
                            disabled={draft.affected.length === 1}
                          >
                            Remove<VisuallyHidden> group {i + 1}</VisuallyHidden>
                          </Button>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              <Button variant="default" size="xs" mt="xs" onClick={() => set('affected', [...draft.affected, emptyGroup()])}>
                Add affected group
              </Button>
            </Fieldset>
          </Stack>
        </fieldset>

        {awareConflict ? (
          <Alert color="orange" variant="light" title="Set the aware time first" role="alert" styles={readableAlert}>
            <Text size="sm">{save.error?.message}</Text>
            <Text size="sm" mt="xs">
              Every legal clock starts when the organisation became aware of the breach. Set the “Aware” timestamp on the Overview tab; the
              obligations are then computed from these facts.
            </Text>
          </Alert>
        ) : staleConflict ? (
          <Alert color="red" variant="light" title="The facts were changed by someone else" role="alert" styles={readableAlert}>
            <Text size="sm">{save.error?.message}</Text>
            <Text size="sm" mt="xs">
              Load the stored facts to see what changed, then make your edits again. Your unsaved edits here are discarded.
            </Text>
            <Button size="xs" mt="xs" variant="outline" color="red.9" onClick={onReload}>
              Load the latest facts
            </Button>
          </Alert>
        ) : (
          <ErrorAlert error={save.error} />
        )}
        {Object.keys(clientErrors).length > 0 && (
          <Alert color="red" variant="light" title="Please check the highlighted fields" role="alert" styles={readableAlert}>
            {Object.keys(clientErrors).length} field{Object.keys(clientErrors).length === 1 ? '' : 's'} need attention.
          </Alert>
        )}
        {canEdit ? (
          <Group>
            <Button type="submit" loading={save.isPending}>
              Save facts and recompute
            </Button>
          </Group>
        ) : (
          <Text size="sm">Only admins, incident leads and legal can change these facts.</Text>
        )}
      </Stack>
    </form>
  );
}
