import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import { conflict, invalid, notFound } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Db } from '../../db/database.js';
import type { DecisionsTable } from '../../db/schema.js';
import { updateVersioned } from '../../db/versioned.js';
import type { AuditService } from '../audit/audit.service.js';
import { type Actor, actorId, authorize, requireUserId } from '../auth/auth.permissions.js';
import type { IncidentLink } from '../incidents/incidents.service.js';
import * as repo from './decisions.repository.js';
import { decisionTemplates } from './decisions.templates.js';

const key = z
  .string()
  .trim()
  .regex(/^[a-z0-9_]{1,40}$/, 'lowercase letters, digits and _ only');

export const decisionDraftInput = z.object({
  question: z.string().trim().min(1).max(500),
  options: z
    .array(z.object({ key, label: z.string().trim().min(1).max(200), description: z.string().trim().max(2000).default('') }))
    .min(2)
    .max(10),
  criteria: z
    .array(z.object({ key, name: z.string().trim().min(1).max(200), weight: z.number().int().min(1).max(5) }))
    .max(20)
    .default([]),
  scores: z.record(z.string(), z.record(z.string(), z.number().int().min(0).max(5))).default({}),
  rationale: z.string().trim().max(20_000).default(''),
});
export type DecisionDraft = z.infer<typeof decisionDraftInput>;

export const createDecisionInput = z.union([
  decisionDraftInput,
  z.object({ template: z.enum(Object.keys(decisionTemplates) as [string, ...string[]]) }),
]);
export const updateDecisionInput = decisionDraftInput.extend({ version: z.number().int().min(1) });
export const approveDecisionInput = z.object({
  version: z.number().int().min(1),
  chosen_option: key,
  rationale: z.string().trim().min(1).max(20_000).describe('why this option; kept forever with the approval'),
});

export type DecisionService = ReturnType<typeof createDecisionService>;

/** Checks that scores refer to known criteria and options, so totals cannot silently ignore a typo. */
function validateDraft(d: DecisionDraft) {
  const problems: Array<{ path: string; message: string }> = [];
  const optionKeys = new Set(d.options.map((o) => o.key));
  const criterionKeys = new Set(d.criteria.map((c) => c.key));
  if (optionKeys.size !== d.options.length) problems.push({ path: 'options', message: 'option keys must be unique' });
  if (criterionKeys.size !== d.criteria.length) problems.push({ path: 'criteria', message: 'criterion keys must be unique' });
  for (const [c, perOption] of Object.entries(d.scores)) {
    if (!criterionKeys.has(c)) problems.push({ path: `scores.${c}`, message: 'unknown criterion' });
    for (const o of Object.keys(perOption)) if (!optionKeys.has(o)) problems.push({ path: `scores.${c}.${o}`, message: 'unknown option' });
  }
  if (problems.length) throw invalid('Decision is inconsistent', problems);
}

/** Weighted score per option: Σ weight × score, and the share of the best possible total. */
export function scoreOptions(d: Pick<DecisionDraft, 'options' | 'criteria' | 'scores'>) {
  const max = d.criteria.reduce((sum, c) => sum + c.weight * 5, 0);
  return d.options.map((o) => {
    const total = d.criteria.reduce((sum, c) => sum + c.weight * (d.scores[c.key]?.[o.key] ?? 0), 0);
    return { option: o.key, total, percent: max ? Math.round((total / max) * 100) : 0 };
  });
}

/**
 * Decisions with options, weighted criteria and an approval. An approved decision is frozen: to change
 * it, `revise` opens a new draft revision in the same series; approving that supersedes the old one.
 */
export function createDecisionService(deps: { db: Db; clock: Clock; audit: AuditService; incidents: IncidentLink }) {
  const { db, clock, audit, incidents } = deps;

  function toPublic(r: DecisionsTable & { created_by_email?: string | null; approved_by_email?: string | null }) {
    const draft: Pick<DecisionDraft, 'options' | 'criteria' | 'scores'> = {
      options: JSON.parse(r.options_json) as DecisionDraft['options'],
      criteria: JSON.parse(r.criteria_json) as DecisionDraft['criteria'],
      scores: JSON.parse(r.scores_json) as DecisionDraft['scores'],
    };
    return {
      id: r.id,
      incident_id: r.incident_id,
      series_id: r.series_id,
      revision: r.revision,
      question: r.question,
      ...draft,
      totals: scoreOptions(draft),
      chosen_option: r.chosen_option,
      rationale: r.rationale,
      status: r.status as 'draft' | 'approved' | 'superseded',
      created_by: r.created_by_email ?? null,
      created_at: r.created_at,
      approved_by: r.approved_by_email ?? null,
      approved_at: r.approved_at,
      superseded_by: r.superseded_by,
      version: r.version,
    };
  }

  async function get(actor: Actor, incidentId: string, id: string) {
    authorize(actor, 'incident.read');
    const row = await repo.findDecisionWithUsers(db, id);
    if (!row || row.incident_id !== incidentId) throw notFound('Decision');
    return toPublic(row);
  }

  async function list(actor: Actor, incidentId: string) {
    authorize(actor, 'incident.read');
    await incidents.requireIncident(db, incidentId);
    const rows = await repo.listDecisionsOfIncident(db, incidentId);
    return rows.map(toPublic);
  }

  async function create(actor: Actor, incidentId: string, input: z.infer<typeof createDecisionInput>) {
    authorize(actor, 'decision.propose');
    const draft = 'template' in input ? decisionTemplates[input.template]! : input;
    validateDraft(draft);
    const at = clock.now().toISOString();
    const row: DecisionsTable = {
      id: newId(),
      incident_id: incidentId,
      series_id: newId(),
      revision: 1,
      question: draft.question,
      options_json: JSON.stringify(draft.options),
      criteria_json: JSON.stringify(draft.criteria),
      scores_json: JSON.stringify(draft.scores),
      chosen_option: null,
      rationale: draft.rationale,
      status: 'draft',
      created_by: requireUserId(actor),
      created_at: at,
      approved_by: null,
      approved_at: null,
      superseded_by: null,
      version: 1,
    };
    await db.transaction().execute(async (trx) => {
      await incidents.requireIncident(trx, incidentId);
      await repo.insertDecision(trx, row);
      await incidents.appendAutomatic(trx, actor, incidentId, 'decision', `Decision proposed: ${row.question}`);
      await audit.record(trx, actor, {
        action: 'decision.create',
        entityType: 'decision',
        entityId: row.id,
        incidentId,
        after: { question: row.question },
      });
    });
    return get(actor, incidentId, row.id);
  }

  async function requireDraft(incidentId: string, id: string) {
    const row = await repo.findDecision(db, id);
    if (!row || row.incident_id !== incidentId) throw notFound('Decision');
    if (row.status !== 'draft') throw conflict(`An ${row.status} decision cannot be edited; open a new revision instead`);
    return row;
  }

  async function update(actor: Actor, incidentId: string, id: string, input: z.infer<typeof updateDecisionInput>) {
    authorize(actor, 'decision.propose');
    validateDraft(input);
    await requireDraft(incidentId, id);
    await db.transaction().execute(async (trx) => {
      await updateVersioned(trx, 'decisions', id, input.version, {
        question: input.question,
        options_json: JSON.stringify(input.options),
        criteria_json: JSON.stringify(input.criteria),
        scores_json: JSON.stringify(input.scores),
        rationale: input.rationale,
      });
      await audit.record(trx, actor, {
        action: 'decision.update',
        entityType: 'decision',
        entityId: id,
        incidentId,
        after: { question: input.question },
      });
    });
    return get(actor, incidentId, id);
  }

  async function approve(actor: Actor, incidentId: string, id: string, input: z.infer<typeof approveDecisionInput>) {
    authorize(actor, 'decision.approve');
    const row = await requireDraft(incidentId, id);
    const options = JSON.parse(row.options_json) as DecisionDraft['options'];
    const chosen = options.find((o) => o.key === input.chosen_option);
    if (!chosen) throw invalid('Unknown option', [{ path: 'chosen_option', message: `one of ${options.map((o) => o.key).join(', ')}` }]);
    const at = clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      await updateVersioned(trx, 'decisions', id, input.version, {
        status: 'approved',
        chosen_option: chosen.key,
        rationale: input.rationale,
        approved_by: actorId(actor),
        approved_at: at,
      });
      // The previously approved revision of the same question stays readable, marked superseded.
      await repo.supersedeApprovedRevisions(trx, row.series_id, id);
      await incidents.appendAutomatic(
        trx,
        actor,
        incidentId,
        'decision',
        `Decision approved: ${row.question} → ${chosen.label}. Rationale: ${input.rationale}`,
      );
      await audit.record(trx, actor, {
        action: 'decision.approve',
        entityType: 'decision',
        entityId: id,
        incidentId,
        after: { chosen_option: chosen.key, rationale: input.rationale, revision: row.revision },
      });
    });
    return get(actor, incidentId, id);
  }

  /** Opens revision n+1 of an approved decision as a draft, copied from it. */
  async function revise(actor: Actor, incidentId: string, id: string) {
    authorize(actor, 'decision.propose');
    const row = await repo.findDecision(db, id);
    if (!row || row.incident_id !== incidentId) throw notFound('Decision');
    if (row.status !== 'approved') throw conflict('Only the approved revision can be revised; edit the open draft instead');
    const next: DecisionsTable = {
      ...row,
      id: newId(),
      revision: 0,
      status: 'draft',
      chosen_option: null,
      approved_by: null,
      approved_at: null,
      superseded_by: null,
      created_by: requireUserId(actor),
      created_at: clock.now().toISOString(),
      version: 1,
    };
    await db.transaction().execute(async (trx) => {
      // Read inside the transaction: one open draft per question, numbered after the latest revision.
      const revisions = await repo.listSeriesRevisions(trx, row.series_id);
      if (revisions.some((r) => r.status === 'draft'))
        throw conflict('This decision already has an open draft revision; edit or approve that one');
      next.revision = Math.max(...revisions.map((r) => r.revision)) + 1;
      await repo.insertDecision(trx, next);
      await incidents.appendAutomatic(
        trx,
        actor,
        incidentId,
        'decision',
        `Decision reopened as revision ${next.revision}: ${row.question}`,
      );
      await audit.record(trx, actor, {
        action: 'decision.revise',
        entityType: 'decision',
        entityId: next.id,
        incidentId,
        details: { revises: id },
      });
    });
    return get(actor, incidentId, next.id);
  }

  return { list, get, create, update, approve, revise, templates: () => decisionTemplates };
}
