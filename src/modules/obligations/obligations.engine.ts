import { DateTime } from 'luxon';
import { z } from 'zod';
import { addPeriod, describePeriod } from './deadlines.js';
import { dataTypes, type DataType } from '../../contract/data-types.js';
import type { Regime, Rule } from './rules.schema.js';

const jurisdiction = z.string().regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, 'ISO 3166-1 alpha-2 (DE) or ISO 3166-2 (US-CA) code');

/** The facts the engine needs. Every field is documented in docs/obligations.md; defaults are conservative. */
export const scenarioSchema = z.object({
  aware_at: z.iso
    .datetime({ offset: true })
    .transform((s) => new Date(s).toISOString())
    .describe('when the organisation became aware: starts every clock'),
  entity: z
    .object({
      industry: z.string().max(100).default('ecommerce'),
      countries: z.array(jurisdiction).default([]).describe('countries (or subdivisions) where the organisation is established'),
      publicly_traded: z.boolean().default(false),
      hipaa: z.enum(['none', 'covered_entity', 'business_associate']).default('none'),
      financial_institution: z.boolean().default(false),
      card_merchant: z.boolean().default(false),
      role: z.enum(['controller', 'processor']).default('controller'),
    })
    .strict()
    .default({
      industry: 'ecommerce',
      countries: [],
      publicly_traded: false,
      hipaa: 'none',
      financial_institution: false,
      card_merchant: false,
      role: 'controller',
    }),
  data_encrypted: z.boolean().default(false).describe('was all exposed data encrypted (or otherwise unreadable)?'),
  key_compromised: z.boolean().default(false).describe('was the key or credential to read it also taken?'),
  risk_of_harm: z.enum(['unknown', 'none', 'low', 'high']).default('unknown'),
  law_enforcement_delay: z.boolean().default(false).describe('has law enforcement asked for notice to be delayed?'),
  affected: z
    .array(
      z
        .object({
          jurisdiction,
          count: z.number().int().min(0),
          data_types: z.array(z.enum(dataTypes)).min(1),
        })
        .strict(),
    )
    .max(10_000),
  /** Answers to "decide" questions already recorded, by rule id. */
  decisions: z.record(z.string(), z.object({ required: z.enum(['yes', 'no']), rationale: z.string() })).default({}),
  /** When obligations were met (filings), by rule id: clocks that run from another notice start there. */
  met: z.record(z.string(), z.iso.datetime({ offset: true })).default({}),
});
export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;

export type Obligation = {
  regime: string;
  regime_name: string;
  rule_id: string;
  jurisdiction: string;
  recipient: Rule['recipient'];
  recipient_name: string;
  required: 'yes' | 'no' | 'decide';
  question: string | null;
  reason: string;
  affected_count: number;
  deadline: {
    kind: Rule['deadline']['kind'];
    due_at: string | null;
    rule: string;
    policy_target_at: string | null;
    outer_limit_at: string | null;
    depends_on: string | null;
  };
  content: { must: string[]; must_not: string[] };
  methods: string[];
  substitute_notice: string | null;
  law_enforcement_delay: boolean;
  sources: Array<{ title: string; url: string | null }>;
  confidence: Rule['confidence'];
  last_verified: string;
  /** The regime's time zone: deadlines are computed in it and are best shown in it too. */
  time_zone: string;
  notes: string;
};

const matchesJurisdiction = (ruleCode: string, affectedCode: string) =>
  ruleCode === '*' || affectedCode === ruleCode || affectedCode.startsWith(`${ruleCode}-`);

/** Does a set of exposed types satisfy one of the rule's combinations? Returns the satisfied combination. */
export function triggeringCombination(rule: Pick<Rule, 'triggers'>, types: ReadonlySet<DataType>): DataType[] | null {
  if (rule.triggers === 'any') return types.size ? [...types].slice(0, 1) : null;
  for (const combination of rule.triggers) {
    const used: DataType[] = [];
    const ok = combination.every((item) => {
      const options = Array.isArray(item) ? item : [item];
      const hit = options.find((t) => types.has(t));
      if (hit) used.push(hit);
      return hit !== undefined;
    });
    if (ok) return used;
  }
  return null;
}

/** People counted against the rule's thresholds: everyone, or the largest single jurisdiction. */
function thresholdCount(rule: Rule, groups: Scenario['affected']): number {
  if (rule.threshold_scope === 'total') return groups.reduce((sum, g) => sum + g.count, 0);
  const perJurisdiction = new Map<string, number>();
  for (const g of groups) perJurisdiction.set(g.jurisdiction, (perJurisdiction.get(g.jurisdiction) ?? 0) + g.count);
  return Math.max(0, ...perJurisdiction.values());
}

function appliesToEntity(rule: Rule, entity: Scenario['entity']): boolean {
  const c = rule.applies_if;
  if (c.role && c.role !== entity.role) return false;
  if (c.hipaa && !c.hipaa.includes(entity.hipaa)) return false;
  if (c.publicly_traded !== undefined && c.publicly_traded !== entity.publicly_traded) return false;
  if (c.financial_institution !== undefined && c.financial_institution !== entity.financial_institution) return false;
  if (c.card_merchant !== undefined && c.card_merchant !== entity.card_merchant) return false;
  if (c.industries && !c.industries.includes(entity.industry)) return false;
  if (c.established_in && !entity.countries.some((country) => c.established_in!.some((code) => matchesJurisdiction(code, country))))
    return false;
  return true;
}

/** A law in force "from 1 May" applies from 1 May in its own country, so the aware date is taken in the regime's zone. */
function inEffect(rule: Rule, awareAt: string, timeZone: string): boolean {
  const day = DateTime.fromISO(awareAt, { zone: 'utc' }).setZone(timeZone).toISODate()!;
  return (!rule.effective_from || rule.effective_from <= day) && (!rule.effective_to || day <= rule.effective_to);
}

const list = (xs: string[]) => xs.join(', ');

/**
 * Decides, per rule in effect, whether the incident requires a notice: `yes`, `no` (with the reason:
 * data not covered, below threshold, encrypted, no harm), or `decide` with the exact question. Then
 * computes the deadline in the rule's own calendar. Pure: same inputs, same output.
 */
export function evaluate(regimes: Regime[], input: Scenario): Obligation[] {
  const out: Obligation[] = [];
  for (const regime of regimes) {
    const groups = input.affected.filter(
      (g) => g.count > 0 && regime.jurisdictions.some((code) => matchesJurisdiction(code, g.jurisdiction)),
    );
    if (!groups.length) continue;
    const matchedCodes = [...new Set(groups.map((g) => g.jurisdiction))].sort();
    const jurisdictionLabel =
      regime.jurisdictions.length === 1 && regime.jurisdictions[0] !== '*' ? regime.jurisdictions[0]! : matchedCodes.join(',');
    const sourceById = new Map(regime.sources.map((s) => [s.id, s]));

    for (const rule of regime.rules) {
      if (!inEffect(rule, input.aware_at, regime.calendar.time_zone) || !appliesToEntity(rule, input.entity)) continue;
      const triggering = groups.filter((g) => triggeringCombination(rule, new Set(g.data_types)));
      const exposedTypes = [...new Set(groups.flatMap((g) => g.data_types))].sort();
      const count = triggering.reduce((sum, g) => sum + g.count, 0);
      const base = {
        regime: regime.regime,
        regime_name: regime.name,
        rule_id: rule.id,
        jurisdiction: jurisdictionLabel,
        recipient: rule.recipient,
        recipient_name: rule.recipient_name,
        affected_count: count,
        content: rule.content,
        methods: rule.methods,
        substitute_notice: rule.substitute_notice,
        law_enforcement_delay: rule.law_enforcement_delay,
        sources: rule.sources.map((id) => ({ title: sourceById.get(id)!.title, url: sourceById.get(id)!.url })),
        confidence: rule.confidence,
        last_verified: regime.last_verified,
        time_zone: regime.calendar.time_zone,
        notes: rule.notes,
      };
      let required: Obligation['required'] = 'yes';
      let question: string | null = null;
      let reason: string;
      const combo = triggering.length ? triggeringCombination(rule, new Set(triggering.flatMap((g) => g.data_types))) : null;
      const decided = input.decisions[rule.id];

      if (!triggering.length) {
        required = 'no';
        reason = `The exposed data (${list(exposedTypes)}) does not include a combination of elements covered by ${regime.citation}.`;
      } else if (thresholdCount(rule, triggering) < rule.min_affected) {
        required = 'no';
        reason =
          rule.threshold_scope === 'per_jurisdiction'
            ? `At most ${thresholdCount(rule, triggering)} affected in any one jurisdiction; this notice is required from ${rule.min_affected} in one jurisdiction.`
            : `${count} affected in ${jurisdictionLabel}; this notice is required from ${rule.min_affected} affected people.`;
      } else if (rule.max_affected !== null && thresholdCount(rule, triggering) > rule.max_affected) {
        required = 'no';
        reason = `${count} affected: more than ${rule.max_affected}, so the rule for larger breaches applies instead.`;
      } else if (
        input.data_encrypted &&
        rule.encryption_exemption.applies &&
        !(rule.encryption_exemption.lost_if_key_compromised && input.key_compromised)
      ) {
        required = 'no';
        reason = `The data was encrypted and the key was not compromised; ${regime.citation} exempts encrypted data.`;
      } else {
        const covered = rule.triggers === 'any' ? 'personal data' : `${list(combo ?? [])}`;
        reason = `${count} people in ${jurisdictionLabel} had ${covered} exposed, which ${regime.citation} covers${rule.min_affected > 1 ? ` (threshold: ${rule.min_affected})` : ''}.`;
        if (input.data_encrypted && rule.encryption_exemption.applies)
          reason += ' The data was encrypted, but the key was also compromised, so the encryption exemption does not apply.';
        const risk = input.risk_of_harm;
        if (rule.harm_standard === 'exception' && risk === 'none') {
          required = 'no';
          reason +=
            ' The organisation determined there is no reasonable likelihood of harm; keep that written determination (some laws require sending it to the regulator).';
        } else if (rule.harm_standard === 'risk' && risk === 'none') {
          required = 'no';
          reason += ' The breach was assessed as unlikely to result in a risk; document that assessment.';
        } else if (rule.harm_standard === 'high_risk' && (risk === 'none' || risk === 'low')) {
          required = 'no';
          reason += ` Only required when the risk is high; it was assessed as ${risk}.`;
        } else if (rule.harm_standard === 'no_harm_notice' && (risk === 'low' || risk === 'high')) {
          required = 'no';
          reason +=
            ' Only owed when relying on a no-harm determination instead of notifying people; the risk was assessed as ' +
            risk +
            ', so people are notified instead.';
        } else if (rule.harm_standard === 'no_harm_notice' && risk === 'none') {
          reason +=
            ' The organisation determined there is no reasonable likelihood of harm; this law requires telling the regulator before relying on that determination.';
        } else if (rule.harm_standard !== 'none' && risk === 'unknown') {
          required = 'decide';
          question = rule.harm_question ?? 'Is the harm threshold of this rule met?';
          reason += ' Whether notice is required depends on a risk-of-harm determination the team has not recorded yet.';
        }
      }
      // A recorded decision is the team's determination for this rule and wins over the computed answer
      // (e.g. an SEC materiality or NYDFS trigger answered "yes" while the general risk was assessed low).
      if (decided) {
        required = decided.required;
        question = null;
        reason = reason.replace(' Whether notice is required depends on a risk-of-harm determination the team has not recorded yet.', '');
        reason += ` Decision recorded: ${decided.required === 'yes' ? 'required' : 'not required'} — ${decided.rationale}`;
      }

      const deadline = computeDeadline(rule, regime, input);
      out.push({ ...base, required, question, reason, deadline });
    }
  }
  return out.sort((a, b) => (a.deadline.due_at ?? '9999').localeCompare(b.deadline.due_at ?? '9999') || a.rule_id.localeCompare(b.rule_id));
}

function computeDeadline(rule: Rule, regime: Regime, input: Scenario): Obligation['deadline'] {
  const d = rule.deadline;
  const calendar = regime.calendar;
  const base = { kind: d.kind, due_at: null, rule: d.text, policy_target_at: null, outer_limit_at: null, depends_on: null };
  const note =
    input.law_enforcement_delay && rule.law_enforcement_delay
      ? ' Law enforcement asked for a delay: the law allows postponing this notice while that request stands; record the request.'
      : '';
  switch (d.kind) {
    case 'fixed':
      return {
        ...base,
        due_at: addPeriod(input.aware_at, d.amount, d.unit, calendar),
        rule: `${describePeriod(d.amount, d.unit)} from awareness. ${d.text}${note}`,
      };
    case 'without_delay':
      return {
        ...base,
        rule: `${d.text}${d.policy_target ? ` Policy target: ${describePeriod(d.policy_target.amount, d.policy_target.unit)}.` : ''}${d.outer_limit ? ` Outer limit: ${describePeriod(d.outer_limit.amount, d.outer_limit.unit)}.` : ''}${note}`,
        policy_target_at: d.policy_target ? addPeriod(input.aware_at, d.policy_target.amount, d.policy_target.unit, calendar) : null,
        outer_limit_at: d.outer_limit ? addPeriod(input.aware_at, d.outer_limit.amount, d.outer_limit.unit, calendar) : null,
      };
    case 'after': {
      const metAt = input.met[d.rule];
      return {
        ...base,
        due_at: metAt ? addPeriod(new Date(metAt).toISOString(), d.amount, d.unit, calendar) : null,
        depends_on: d.rule,
        rule: `${describePeriod(d.amount, d.unit)} after ${d.rule} is met${metAt ? '' : ' (not met yet)'}. ${d.text}${note}`,
      };
    }
    case 'event':
      return { ...base, rule: `${d.text}${note}` };
  }
}
