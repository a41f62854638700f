import { z } from 'zod';
import { dataTypes } from '../../contract/data-types.js';
import { confidenceLevels, recipientKinds } from '../../contract/obligations.vocabulary.js';

const isoDate = z.iso.date();
const dataType = z.enum(dataTypes);
const jurisdictionCode = z.string().regex(/^([A-Z]{2}(-[A-Z0-9]{1,3})?|\*)$/, 'ISO 3166-1 alpha-2 or ISO 3166-2 code, or * for any');

/**
 * One combination of data elements that triggers a rule: every item must be present; an item that is a
 * list is satisfied by any one of its types. Example (name + card number + its security code):
 * ["name", ["card_pan", "bank_account", "iban"], ["card_cvv", "password_plain", "security_answer"]]
 */
const triggerCombination = z.array(z.union([dataType, z.array(dataType).min(1)])).min(1);

const duration = z.object({ amount: z.number().positive(), unit: z.enum(['hours', 'calendar_days', 'business_days', 'months']) });

export const deadlineSchema = z.discriminatedUnion('kind', [
  /** A fixed period from a clock start (aware_at unless the statute says otherwise). */
  z.object({
    kind: z.literal('fixed'),
    ...duration.shape,
    clock_start: z.enum(['aware_at', 'discovered_at']).default('aware_at'),
    text: z.string().min(1),
  }),
  /** "Without unreasonable delay": no legal number; a policy target keeps the team moving, an outer limit may apply. */
  z.object({
    kind: z.literal('without_delay'),
    text: z.string().min(1),
    policy_target: duration.optional(),
    outer_limit: duration.optional(),
  }),
  /** A period counted from another obligation being met (e.g. 15 days after notifying residents). */
  z.object({ kind: z.literal('after'), rule: z.string().min(1), ...duration.shape, text: z.string().min(1) }),
  /** Before some other step (e.g. before relying on an exception); no computable instant. */
  z.object({ kind: z.literal('event'), text: z.string().min(1) }),
]);

export const ruleSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+\.[a-z0-9_-]+$/, '<regime>.<name>'),
  recipient: z.enum(recipientKinds),
  recipient_name: z.string().min(1).describe('who exactly, e.g. "California Attorney General"'),
  effective_from: isoDate.nullable().default(null),
  effective_to: isoDate.nullable().default(null),
  /** Entity conditions (all must hold). Omitted = any organisation. */
  applies_if: z
    .object({
      role: z.enum(['controller', 'processor']).optional(),
      /** HIPAA statuses the rule applies to; ['none'] excludes HIPAA entities (state laws that defer to HIPAA). */
      hipaa: z.array(z.enum(['none', 'covered_entity', 'business_associate'])).optional(),
      publicly_traded: z.boolean().optional(),
      financial_institution: z.boolean().optional(),
      card_merchant: z.boolean().optional(),
      industries: z.array(z.string()).optional(),
      established_in: z.array(jurisdictionCode).optional(),
    })
    .strict()
    .default({}),
  /** Personal data that triggers the rule: any one combination. `any` = any personal data at all. */
  triggers: z.union([z.literal('any'), z.array(triggerCombination).min(1)]),
  /** Minimum number of affected people (in the rule's jurisdictions) for the rule to apply. */
  min_affected: z.number().int().min(1).default(1),
  /** Upper bound, for rules that cover only smaller breaches (e.g. HIPAA's annual log for fewer than 500). */
  max_affected: z.number().int().min(1).nullable().default(null),
  /** `total` counts everyone the rule protects; `per_jurisdiction` needs the threshold within one state or country (e.g. "more than 500 residents of a State"). */
  threshold_scope: z.enum(['total', 'per_jurisdiction']).default('total'),
  /**
   * How risk of harm matters: `none` = notify whenever triggered; `exception` = no notice when the
   * organisation determines there is no reasonable likelihood of harm; `risk` = notify unless unlikely
   * to result in a risk; `high_risk` = notify only when likely to result in a high risk;
   * `no_harm_notice` = the inverse, for a regulator notice owed only when the organisation relies on a
   * no-harm determination instead of notifying people (e.g. Alaska, South Dakota, Vermont).
   */
  harm_standard: z.enum(['none', 'exception', 'risk', 'high_risk', 'no_harm_notice']),
  harm_question: z.string().optional().describe('the exact question the team must answer when the risk is unknown'),
  /** Encrypted data is exempt, unless the key was also compromised when `lost_if_key_compromised`. */
  encryption_exemption: z.object({ applies: z.boolean(), lost_if_key_compromised: z.boolean().default(true) }),
  deadline: deadlineSchema,
  content: z
    .object({ must: z.array(z.string()).default([]), must_not: z.array(z.string()).default([]) })
    .default({ must: [], must_not: [] }),
  methods: z.array(z.string()).default([]),
  substitute_notice: z.string().nullable().default(null),
  law_enforcement_delay: z.boolean().default(false),
  confidence: z.enum(confidenceLevels),
  sources: z.array(z.string()).min(1).describe('ids from the regime source list'),
  notes: z.string().default(''),
});

export const regimeSchema = z
  .object({
    regime: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string().min(1),
    citation: z.string().min(1),
    kind: z.enum(['state_law', 'national_law', 'sector_rule', 'contract', 'cyber_rule']),
    /** Residents of these places are protected ("*" = wherever they live, for entity-scoped rules). */
    jurisdictions: z.array(jurisdictionCode).min(1),
    /** Time zone and holiday calendar for business-day deadlines. */
    calendar: z.object({
      time_zone: z.string().min(1),
      holidays: z
        .string()
        .regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/)
        .nullable(),
    }),
    last_verified: isoDate,
    sources: z
      .array(
        z.object({
          id: z.string().min(1),
          title: z.string().min(1),
          /** null for an unconfirmed lead (e.g. researcher background knowledge): shown as such, never hidden. */
          url: z.url().nullable(),
        }),
      )
      .min(1),
    rules: z.array(ruleSchema).min(1),
  })
  .superRefine((regime, ctx) => {
    const sourceIds = new Set(regime.sources.map((s) => s.id));
    const ruleIds = new Set(regime.rules.map((r) => r.id));
    regime.rules.forEach((rule, i) => {
      if (!rule.id.startsWith(`${regime.regime}.`))
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `must start with "${regime.regime}."` });
      rule.sources.forEach((s, j) => {
        if (!sourceIds.has(s)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'sources', j], message: `unknown source id ${s}` });
      });
      if (rule.deadline.kind === 'after' && !ruleIds.has(rule.deadline.rule)) {
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'deadline', 'rule'], message: `unknown rule ${rule.deadline.rule}` });
      }
      if (rule.harm_standard !== 'none' && !rule.harm_question) {
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'harm_question'], message: 'required when harm_standard is not none' });
      }
      if (rule.effective_from && rule.effective_to && rule.effective_from > rule.effective_to) {
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'effective_to'], message: 'before effective_from' });
      }
    });
  });

export type Regime = z.infer<typeof regimeSchema>;
export type Rule = z.infer<typeof ruleSchema>;
export type Deadline = z.infer<typeof deadlineSchema>;
