import ical from 'ical-generator';
import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import { conflict, invalid, notFound } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Db } from '../../db/database.js';
import type { ObligationsTable } from '../../db/schema.js';
import { updateVersioned } from '../../db/versioned.js';
import type { Executor } from '../../db/database.js';
import type { AuditService } from '../audit/audit.service.js';
import { type Actor, actorId, authorize, requireUserId } from '../auth/auth.permissions.js';
import type { IncidentLink } from '../incidents/incidents.service.js';
import type { MailMessage } from '../mail/mail.service.js';
import { evaluate, type Obligation, scenarioSchema } from './obligations.engine.js';
import * as repo from './obligations.repository.js';
import type { Regime } from './rules.schema.js';

/** Incident facts the engine needs besides aware_at (which comes from the incident record). */
export const incidentFactsSchema = scenarioSchema.omit({ aware_at: true, decisions: true, met: true });
export type IncidentFacts = z.infer<typeof incidentFactsSchema>;

export const decisionInput = z.object({
  required: z.enum(['yes', 'no']),
  rationale: z.string().trim().min(1).max(20_000).describe('why; a "not required" decision is kept forever'),
});
export const filingInput = z.object({
  filed_at: z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString()),
  method: z.string().trim().min(1).max(200),
  reference: z.string().trim().max(500).default(''),
  note: z.string().trim().max(20_000).default(''),
  evidence_id: z.uuid().nullable().default(null).describe('the copy of what was sent, uploaded as evidence'),
});

/** CONFLICT with a machine-readable reason, so clients need not match message text. */
const awareAtMissing = () =>
  conflict('Set the incident’s aware time first: every legal clock starts there', { reason: 'aware_at_missing' });

export type ObligationService = ReturnType<typeof createObligationService>;

export const DISCLAIMER = 'Guidance from public sources, not legal advice. Check each obligation with counsel.';

/**
 * Ties the pure engine to incidents: facts per incident, stored obligations with status (open, met,
 * not required), recorded decisions (append-only), filings, reminders and the iCalendar feed.
 * Recompute runs whenever facts, aware_at, decisions or filings change.
 */
export function createObligationService(deps: {
  db: Db;
  clock: Clock;
  audit: AuditService;
  incidents: IncidentLink;
  regimes: Regime[];
  enqueueMail: (message: MailMessage, executor?: Executor) => Promise<void>;
  publicUrl: string;
  reminderHours: number[];
}) {
  const { db, clock, audit, incidents, regimes } = deps;
  const lastVerified = regimes.map((r) => r.last_verified).sort()[0] ?? null;

  /** Stateless evaluation for scripts and CI (`breachdesk obligations --input`). */
  function evaluateScenario(actor: Actor, input: unknown) {
    authorize(actor, 'incident.read');
    const parsed = scenarioSchema.safeParse(input);
    if (!parsed.success) {
      throw invalid(
        `Invalid scenario: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
        parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      );
    }
    return { disclaimer: DISCLAIMER, rules_last_verified: lastVerified, obligations: evaluate(regimes, parsed.data) };
  }

  async function getFacts(actor: Actor, incidentId: string) {
    authorize(actor, 'incident.read');
    await incidents.requireIncident(db, incidentId);
    const row = await repo.findFacts(db, incidentId);
    return row ? { facts: incidentFactsSchema.parse(JSON.parse(row.facts_json)), version: row.version, updated_at: row.updated_at } : null;
  }

  async function setFacts(actor: Actor, incidentId: string, input: { version: number | null; facts: IncidentFacts }) {
    authorize(actor, 'obligation.facts');
    const incident = await incidents.requireIncident(db, incidentId);
    // Checked before saving: facts stored without a clock start could not be evaluated anyway.
    if (!incident.aware_at) throw awareAtMissing();
    const at = clock.now().toISOString();
    const json = JSON.stringify(input.facts);
    await db.transaction().execute(async (trx) => {
      const existing = await repo.findFactsVersion(trx, incidentId);
      if (!existing) {
        if (input.version !== null)
          throw conflict('These facts were deleted or never saved; reload', { reason: 'stale_version', current_version: null });
        await repo.insertFacts(trx, { incident_id: incidentId, facts_json: json, updated_by: actorId(actor), updated_at: at, version: 1 });
      } else {
        if (input.version === null)
          throw conflict('Facts already exist; send their version to update them', {
            reason: 'stale_version',
            current_version: existing.version,
          });
        if (!(await repo.updateFacts(trx, incidentId, input.version, { facts_json: json, updated_by: actorId(actor), updated_at: at })))
          throw conflict('The facts were changed by someone else; reload', { reason: 'stale_version', current_version: existing.version });
      }
      await incidents.appendAutomatic(
        trx,
        actor,
        incidentId,
        'investigation',
        'Facts for legal obligations updated (organisation profile, encryption, risk of harm, affected population)',
      );
      await audit.record(trx, actor, {
        action: 'obligations.facts',
        entityType: 'incident',
        entityId: incidentId,
        incidentId,
        after: input.facts,
      });
    });
    return recompute(actor, incidentId);
  }

  /**
   * Replaces the affected population in the facts with what the scoping register says (people per
   * jurisdiction and data types), keeping the rest of the facts; creates facts with the conservative
   * defaults when none were entered. The previous population stays in the audit log.
   */
  async function setAffectedPopulation(actor: Actor, incidentId: string, affected: IncidentFacts['affected'], source: string) {
    authorize(actor, 'obligation.recompute');
    const incident = await incidents.requireIncident(db, incidentId);
    if (!incident.aware_at) throw awareAtMissing();
    const at = clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      const existing = await repo.findFactsVersion(trx, incidentId);
      const before = existing ? incidentFactsSchema.parse(JSON.parse(existing.facts_json)) : null;
      const facts = incidentFactsSchema.parse({ ...(before ?? {}), affected });
      const json = JSON.stringify(facts);
      if (!existing)
        await repo.insertFacts(trx, { incident_id: incidentId, facts_json: json, updated_by: actorId(actor), updated_at: at, version: 1 });
      else if (
        !(await repo.updateFacts(trx, incidentId, existing.version, { facts_json: json, updated_by: actorId(actor), updated_at: at }))
      )
        throw conflict('The facts were changed at the same moment; try again', {
          reason: 'stale_version',
          current_version: existing.version,
        });
      const people = affected.reduce((n, g) => n + g.count, 0);
      const places = new Set(affected.map((g) => g.jurisdiction)).size;
      await incidents.appendAutomatic(
        trx,
        actor,
        incidentId,
        'investigation',
        `Affected population for legal obligations taken from ${source}: ${people} people in ${places} jurisdictions`,
      );
      await audit.record(trx, actor, {
        action: 'obligations.facts',
        entityType: 'incident',
        entityId: incidentId,
        incidentId,
        before: before ? { affected: before.affected } : undefined,
        after: { affected, source },
      });
    });
    return recompute(actor, incidentId);
  }

  async function buildScenario(incidentId: string) {
    const incident = await incidents.requireIncident(db, incidentId);
    if (!incident.aware_at) throw awareAtMissing();
    const factsRow = await repo.findFactsJson(db, incidentId);
    if (!factsRow)
      throw conflict('Enter the facts for legal obligations first (organisation profile and affected people)', { reason: 'facts_missing' });
    const decisionRows = await repo.listObligationDecisions(db, incidentId);
    const decisions: Record<string, { required: 'yes' | 'no'; rationale: string }> = {};
    for (const d of decisionRows) decisions[d.rule_id] = { required: d.required as 'yes', rationale: d.rationale };
    const filingRows = await repo.listFilingTimesByRule(db, incidentId);
    const met: Record<string, string> = {};
    for (const f of filingRows) met[f.rule_id] ??= f.filed_at;
    const facts = incidentFactsSchema.parse(JSON.parse(factsRow.facts_json));
    return { incident, scenario: scenarioSchema.parse({ ...facts, aware_at: incident.aware_at, decisions, met }), met };
  }

  /**
   * Re-evaluates and stores obligations. New obligations and changes of required/due time add a
   * timeline entry and email the owner (or the incident leads when nobody owns it yet).
   */
  async function recompute(actor: Actor, incidentId: string) {
    authorize(actor, 'obligation.recompute');
    const { incident, scenario, met } = await buildScenario(incidentId);
    const computed = evaluate(regimes, scenario);
    const at = clock.now().toISOString();
    const changes: Array<{ obligation: Obligation; kind: 'new' | 'changed'; ownerId: string | null }> = [];
    await db.transaction().execute(async (trx) => {
      const existing = await repo.listObligationsOfIncident(trx, incidentId);
      const byRule = new Map(existing.map((o) => [o.rule_id, o]));
      for (const o of computed) {
        const status = met[o.rule_id] ? 'met' : o.required === 'no' ? 'not_required' : 'open';
        const prev = byRule.get(o.rule_id);
        const values = {
          regime: o.regime,
          jurisdiction: o.jurisdiction,
          recipient: o.recipient,
          required: o.required,
          due_at: o.deadline.due_at,
          status,
          snapshot_json: JSON.stringify(o),
          updated_at: at,
        };
        if (!prev) {
          await repo.insertObligation(trx, {
            id: newId(),
            incident_id: incidentId,
            rule_id: o.rule_id,
            owner_id: null,
            created_at: at,
            version: 1,
            ...values,
          });
          if (o.required !== 'no' && status === 'open') changes.push({ obligation: o, kind: 'new', ownerId: null });
        } else if (
          prev.required !== o.required ||
          prev.due_at !== o.deadline.due_at ||
          prev.snapshot_json !== values.snapshot_json ||
          prev.status !== status
        ) {
          await updateVersioned(trx, 'obligations', prev.id, prev.version, values);
          // Announce only what the team must act on: a change of a still-required obligation, or one that
          // became required. An obligation that is (still) not required is updated silently.
          const actionable = o.required !== 'no' && status === 'open';
          if (actionable && (prev.required !== o.required || prev.due_at !== o.deadline.due_at)) {
            changes.push({ obligation: o, kind: 'changed', ownerId: prev.owner_id });
          }
        }
        byRule.delete(o.rule_id);
      }
      // Rules that no longer apply (facts changed) stay on record, marked not required with the reason.
      for (const gone of byRule.values()) {
        if (gone.status === 'not_required' && gone.required === 'no') continue;
        const snapshot = {
          ...(JSON.parse(gone.snapshot_json) as Obligation),
          required: 'no',
          reason: 'No longer applies with the current facts (affected population, data types or organisation profile changed).',
        };
        await updateVersioned(trx, 'obligations', gone.id, gone.version, {
          required: 'no',
          status: gone.status === 'met' ? 'met' : 'not_required',
          snapshot_json: JSON.stringify(snapshot),
          updated_at: at,
        });
      }
      for (const c of changes) {
        const due = c.obligation.deadline.due_at ? `due ${c.obligation.deadline.due_at}` : 'no fixed due time';
        await incidents.appendAutomatic(
          trx,
          actor,
          incidentId,
          'communication',
          `${c.kind === 'new' ? 'New obligation' : 'Obligation changed'}: notify ${c.obligation.recipient_name} (${c.obligation.regime}, ${c.obligation.required === 'decide' ? 'decision needed' : 'required'}, ${due})`,
        );
      }
      await audit.record(trx, actor, {
        action: 'obligations.recompute',
        entityType: 'incident',
        entityId: incidentId,
        incidentId,
        details: { obligations: computed.length, changed: changes.length },
      });
      if (changes.length) await notifyChanges(trx, incident.id, incident.ref, changes);
    });
    return list(actor, incidentId);
  }

  /** Recompute when the incident already has facts (used when aware_at changes); otherwise nothing to do. */
  async function recomputeIfFacts(actor: Actor, incidentId: string) {
    return (await repo.factsExist(db, incidentId)) ? recompute(actor, incidentId) : null;
  }

  /** Queues the change emails inside the recompute transaction (outbox): sent only if the change commits. */
  async function notifyChanges(
    trx: Executor,
    incidentId: string,
    ref: string,
    changes: Array<{ obligation: Obligation; kind: 'new' | 'changed'; ownerId: string | null }>,
  ) {
    const recipients = new Map<string, string[]>();
    const leads = await repo.listActiveLeadEmails(trx);
    for (const c of changes) {
      const owner = c.ownerId ? await repo.findUserEmail(trx, c.ownerId) : undefined;
      for (const to of owner ? [owner.email] : leads) {
        const line = `- ${c.kind === 'new' ? 'NEW' : 'CHANGED'}: ${c.obligation.recipient_name} — ${c.obligation.required === 'decide' ? `decision needed: ${c.obligation.question}` : 'required'}; ${c.obligation.deadline.due_at ? `due ${c.obligation.deadline.due_at}` : c.obligation.deadline.rule}`;
        recipients.set(to, [...(recipients.get(to) ?? []), line]);
      }
    }
    for (const [to, lines] of recipients) {
      await deps.enqueueMail(
        {
          to,
          subject: `[${ref}] ${lines.length} notification obligation${lines.length === 1 ? '' : 's'} new or changed`,
          text: [...lines, '', `Deadline board: ${deps.publicUrl}/incidents/${incidentId}?tab=obligations`, '', DISCLAIMER].join('\n'),
        },
        trx,
      );
    }
  }

  function toPublic(
    row: ObligationsTable & { owner_email: string | null },
    filings: Array<{
      id: string;
      filed_at: string;
      method: string;
      reference: string;
      note: string;
      evidence_id: string | null;
      filed_by: string;
    }>,
    decisions: Array<{ required: string; rationale: string; decided_by: string; decided_at: string }>,
  ) {
    const o = JSON.parse(row.snapshot_json) as Obligation;
    return {
      id: row.id,
      status: row.status as 'open' | 'met' | 'not_required',
      owner_id: row.owner_id,
      owner_email: row.owner_email,
      version: row.version,
      ...o,
      filings,
      decisions,
    };
  }

  async function list(actor: Actor, incidentId: string) {
    authorize(actor, 'incident.read');
    await incidents.requireIncident(db, incidentId);
    const rows = await repo.listObligationsWithOwner(db, incidentId);
    const filings = await repo.listFilingsOfIncident(db, incidentId);
    const decisions = await repo.listObligationDecisionsWithDecider(db, incidentId);
    const obligations = rows
      .map((r) =>
        toPublic(
          r,
          filings.filter((f) => f.obligation_id === r.id).map(({ obligation_id: _o, ...f }) => f),
          decisions.filter((d) => d.rule_id === r.rule_id).map(({ rule_id: _r, ...d }) => d),
        ),
      )
      .sort((a, b) => (a.deadline.due_at ?? '9999').localeCompare(b.deadline.due_at ?? '9999') || a.rule_id.localeCompare(b.rule_id));
    return { disclaimer: DISCLAIMER, rules_last_verified: lastVerified, obligations };
  }

  async function requireObligation(incidentId: string, id: string) {
    const row = await repo.findObligation(db, id);
    if (!row || row.incident_id !== incidentId) throw notFound('Obligation');
    return row;
  }

  /** Records the team's answer to a "decide" question (or overrides a computed answer), then recomputes. */
  async function decide(actor: Actor, incidentId: string, id: string, input: z.infer<typeof decisionInput>) {
    authorize(actor, 'obligation.decide');
    const row = await requireObligation(incidentId, id);
    await db.transaction().execute(async (trx) => {
      await repo.insertObligationDecision(trx, {
        id: newId(),
        incident_id: incidentId,
        rule_id: row.rule_id,
        required: input.required,
        rationale: input.rationale,
        decided_by: requireUserId(actor),
        decided_at: clock.now().toISOString(),
      });
      await incidents.appendAutomatic(
        trx,
        actor,
        incidentId,
        'decision',
        `Obligation ${row.rule_id} decided: ${input.required === 'yes' ? 'required' : 'NOT required'}. Rationale: ${input.rationale}`,
      );
      await audit.record(trx, actor, { action: 'obligations.decide', entityType: 'obligation', entityId: id, incidentId, after: input });
    });
    return recompute(actor, incidentId);
  }

  /** Records that an obligation was met: when, how, the reference number and the copy of what was sent. */
  async function addFiling(actor: Actor, incidentId: string, id: string, input: z.infer<typeof filingInput>) {
    authorize(actor, 'obligation.file');
    await requireObligation(incidentId, id);
    if (input.filed_at > new Date(clock.now().getTime() + 5 * 60_000).toISOString())
      throw invalid('filed_at cannot be in the future', [{ path: 'filed_at', message: 'in the future' }]);
    if (input.evidence_id) {
      const ev = await repo.findEvidenceIncident(db, input.evidence_id);
      if (!ev || ev.incident_id !== incidentId)
        throw invalid('Evidence not found in this incident', [{ path: 'evidence_id', message: 'unknown evidence' }]);
    }
    await db.transaction().execute(async (trx) => {
      await repo.insertFiling(trx, {
        id: newId(),
        obligation_id: id,
        incident_id: incidentId,
        ...input,
        filed_by: requireUserId(actor),
        created_at: clock.now().toISOString(),
      });
      await incidents.appendAutomatic(
        trx,
        actor,
        incidentId,
        'communication',
        `Filing recorded for ${id}: ${input.method}${input.reference ? ` (ref. ${input.reference})` : ''}`,
      );
      await audit.record(trx, actor, { action: 'obligations.filing', entityType: 'obligation', entityId: id, incidentId, after: input });
    });
    return recompute(actor, incidentId);
  }

  async function assignOwner(actor: Actor, incidentId: string, id: string, input: { version: number; owner_id: string | null }) {
    authorize(actor, 'obligation.facts');
    await requireObligation(incidentId, id);
    if (input.owner_id && !(await repo.userExists(db, input.owner_id)))
      throw invalid('Unknown owner', [{ path: 'owner_id', message: 'no such user' }]);
    await db.transaction().execute(async (trx) => {
      await updateVersioned(trx, 'obligations', id, input.version, { owner_id: input.owner_id, updated_at: clock.now().toISOString() });
      await audit.record(trx, actor, {
        action: 'obligations.owner',
        entityType: 'obligation',
        entityId: id,
        incidentId,
        after: { owner_id: input.owner_id },
      });
    });
    return list(actor, incidentId);
  }

  /** iCalendar feed of every open obligation with a due time (policy targets included, marked as such). */
  async function calendar(actor: Actor, incidentId: string) {
    const { obligations } = await list(actor, incidentId);
    const incident = await incidents.requireIncident(db, incidentId);
    const cal = ical({ name: `${incident.ref} notification deadlines`, prodId: { company: 'Breachdesk', product: 'obligations' } });
    for (const o of obligations) {
      if (o.status !== 'open') continue;
      const at = o.deadline.due_at ?? o.deadline.policy_target_at;
      if (!at) continue;
      cal.createEvent({
        id: `${o.id}@breachdesk`,
        start: new Date(at),
        end: new Date(new Date(at).getTime() + 30 * 60_000),
        summary: `${o.deadline.due_at ? 'DUE' : 'Target'}: notify ${o.recipient_name} (${o.regime})`,
        description: `${o.reason}\n\n${o.deadline.rule}\n\n${DISCLAIMER}`,
        url: `${deps.publicUrl}/incidents/${incidentId}?tab=obligations`,
      });
    }
    return cal.toString();
  }

  /** Sends due reminders (idempotent per obligation, offset and due time); run by the worker. */
  async function sendReminders() {
    const now = clock.now();
    const horizon = new Date(now.getTime() + Math.max(...deps.reminderHours, 0) * 3600_000).toISOString();
    const due = await repo.listOpenObligationsDueBy(db, horizon);
    let sent = 0;
    for (const o of due) {
      const dueAt = new Date(o.due_at!);
      const hoursLeft = (dueAt.getTime() - now.getTime()) / 3600_000;
      const offset = deps.reminderHours.filter((h) => hoursLeft <= h).sort((a, b) => a - b)[0];
      if (offset === undefined) continue;
      const ob = JSON.parse(o.snapshot_json) as Obligation;
      // Reminder row and mails commit together: a reminder is never marked sent without its mail queued.
      const queued = await db.transaction().execute(async (trx) => {
        const recorded = await repo.insertReminderOnce(trx, {
          obligation_id: o.id,
          offset_hours: offset,
          due_at: o.due_at!,
          sent_at: now.toISOString(),
        });
        if (!recorded) return false;
        for (const to of o.owner_email ? [o.owner_email] : await repo.listActiveLeadEmails(trx)) {
          await deps.enqueueMail(
            {
              to,
              subject: `[${o.ref}] ${hoursLeft < 0 ? 'OVERDUE' : `${Math.max(0, Math.round(hoursLeft))} h left`}: notify ${ob.recipient_name}`,
              text: [
                `Obligation: ${ob.recipient_name} (${ob.regime_name})`,
                `Due: ${o.due_at}`,
                `Why: ${ob.reason}`,
                '',
                `Deadline board: ${deps.publicUrl}/incidents/${o.incident_id}?tab=obligations`,
                '',
                DISCLAIMER,
              ].join('\n'),
            },
            trx,
          );
        }
        return true;
      });
      if (!queued) continue;
      sent += 1;
    }
    return sent;
  }

  function listRegimes(actor: Actor) {
    authorize(actor, 'incident.read');
    return regimes.map((r) => ({
      regime: r.regime,
      name: r.name,
      citation: r.citation,
      kind: r.kind,
      jurisdictions: r.jurisdictions,
      last_verified: r.last_verified,
      sources: r.sources,
      rules: r.rules.length,
    }));
  }

  return {
    evaluateScenario,
    getFacts,
    setFacts,
    setAffectedPopulation,
    recompute,
    recomputeIfFacts,
    list,
    decide,
    addFiling,
    assignOwner,
    calendar,
    sendReminders,
    listRegimes,
  };
}
