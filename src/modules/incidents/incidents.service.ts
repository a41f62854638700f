import type { Clock } from '../../core/clock.js';
import type { Cipher } from '../../core/crypto.js';
import { conflict, invalid, notFound } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Db, Executor, Trx } from '../../db/database.js';
import type { IncidentsTable, ReportsTable } from '../../db/schema.js';
import { nextCounter, updateVersioned } from '../../db/versioned.js';
import type { AuditService } from '../audit/audit.service.js';
import { type Actor, actorId, authorize, can } from '../auth/auth.permissions.js';
import * as repo from './incidents.repository.js';
import {
  type AddTimelineInput,
  type ChangeStatusInput,
  type CreateIncidentInput,
  type CreateReportInput,
  type IncidentStatus,
  type SetTimestampInput,
  statusTransitions,
  type TimelineFilter,
  type TimestampField,
  type TriageReportInput,
  type UpdateIncidentInput,
} from './incidents.schemas.js';

export type IncidentService = ReturnType<typeof createIncidentService>;

/** What other services need to write into an incident: existence check and automatic timeline entries. */
export type IncidentLink = Pick<IncidentService, 'requireIncident' | 'appendAutomatic'>;

/**
 * Reports (intake), incident records with status workflow and legal timestamps, and the timeline.
 * Every change writes the audit chain and, for incidents, an automatic timeline entry.
 */
export function createIncidentService(deps: {
  db: Db;
  clock: Clock;
  cipher: Cipher;
  audit: AuditService;
  /** Called inside the transaction that changes aware_at (legal clocks start there): queues a recompute. */
  onAwareAtChanged?: (trx: Trx, incidentId: string) => Promise<void>;
  /** Seeds a new incident's investigation checklist in its creating transaction (the checklist module owns the rows). */
  seedChecklist: (trx: Trx, incidentId: string) => Promise<void>;
  /** Moves evidence uploaded with a report to the incident it was triaged into, in the triage transaction (evidence owns the rows). */
  moveReportEvidence: (trx: Trx, reportId: string, incidentId: string) => Promise<void>;
}) {
  const { db, clock, cipher, audit } = deps;
  const now = () => clock.now().toISOString();

  async function requireIncident(exec: Executor, id: string): Promise<IncidentsTable> {
    const incident = await repo.findIncident(exec, id);
    if (!incident) throw notFound('Incident');
    return incident;
  }

  /** Adds an automatic timeline entry; event time = record time = now, because the system saw it happen. */
  async function appendAutomatic(trx: Trx, actor: Actor, incidentId: string, category: string, text: string) {
    const at = now();
    await repo.insertTimelineEntry(trx, {
      id: newId(),
      incident_id: incidentId,
      event_at: at,
      event_tz: 'UTC',
      recorded_at: at,
      author_id: actorId(actor),
      kind: 'automatic',
      category,
      text,
    });
  }

  // ---- reports (intake) ----

  async function createReport(actor: Actor, input: CreateReportInput) {
    authorize(actor, 'report.create');
    const at = now();
    const row: ReportsTable = {
      id: newId(),
      source: input.source,
      reporter_name_enc: input.reporter_name ? cipher.encrypt(input.reporter_name) : null,
      reporter_contact_enc: input.reporter_contact ? cipher.encrypt(input.reporter_contact) : null,
      observed: input.observed,
      reported_at: input.reported_at ?? at,
      reporter_tz: input.reporter_tz,
      status: 'new',
      triage_reason: null,
      incident_id: null,
      created_by: actorId(actor) ?? (await systemUserId()),
      created_at: at,
      triaged_by: null,
      triaged_at: null,
      version: 1,
    };
    await db.transaction().execute(async (trx) => {
      await repo.insertReport(trx, row);
      await audit.record(trx, actor, {
        action: 'report.create',
        entityType: 'report',
        entityId: row.id,
        after: { source: row.source, has_reporter_contact: row.reporter_contact_enc !== null },
      });
    });
    return toPublicReport(row, false);
  }

  /** Records made by a system actor are attributed to the first admin. Pass the open transaction: on
   * SQLite a second connection would wait forever for the one the transaction holds. */
  async function systemUserId(exec: Executor = db): Promise<string> {
    const admin = await repo.findFirstAdmin(exec);
    if (!admin) throw conflict('Create an admin user first (breachdesk user create --email you@example.com --role admin)');
    return admin.id;
  }

  async function listReports(actor: Actor, filter: { status?: string; incidentId?: string }) {
    authorize(actor, 'incident.read');
    return (await repo.listReports(db, filter)).map((r) => toPublicReport(r, false));
  }

  /** A report with the reporter's contact details decrypted; roles without access get it redacted. Reads are audited. */
  async function getReport(actor: Actor, id: string) {
    authorize(actor, 'incident.read');
    const report = await repo.findReport(db, id);
    if (!report) throw notFound('Report');
    const reveal = can(actor, 'report.read_contact') && (report.reporter_name_enc !== null || report.reporter_contact_enc !== null);
    if (reveal) {
      await audit.recordRead(actor, {
        action: 'report.read_contact',
        entityType: 'report',
        entityId: id,
        incidentId: report.incident_id,
        details: { fields: ['reporter_name', 'reporter_contact'] },
      });
    }
    return toPublicReport(report, reveal);
  }

  function toPublicReport(r: ReportsTable, reveal: boolean) {
    const hidden = (v: string | null) => (v === null ? null : reveal ? cipher.decrypt(v) : '[redacted]');
    return {
      id: r.id,
      source: r.source,
      reporter_name: hidden(r.reporter_name_enc),
      reporter_contact: hidden(r.reporter_contact_enc),
      observed: r.observed,
      reported_at: r.reported_at,
      reporter_tz: r.reporter_tz,
      status: r.status,
      triage_reason: r.triage_reason,
      incident_id: r.incident_id,
      created_at: r.created_at,
      version: r.version,
    };
  }

  /** A report becomes a new incident, is attached to an existing one, or is closed as not an incident with a reason. */
  async function triageReport(actor: Actor, id: string, input: TriageReportInput) {
    authorize(actor, 'report.triage');
    const report = await repo.findReport(db, id);
    if (!report) throw notFound('Report');
    if (report.status !== 'new') throw conflict(`This report was already triaged (${report.status})`);
    const at = now();
    return db.transaction().execute(async (trx) => {
      let incidentId: string | null = null;
      if (input.outcome === 'incident') {
        const incident = await insertIncident(trx, actor, {
          title: input.title,
          summary: `Opened from a ${report.source.replace('_', ' ')} report: ${report.observed}`,
          kind: input.kind,
          severity: input.severity,
          aware_at: input.aware_at ?? report.reported_at,
        });
        incidentId = incident.id;
        await repo.insertTimelineEntry(trx, {
          id: newId(),
          incident_id: incidentId,
          event_at: report.reported_at,
          event_tz: report.reporter_tz,
          recorded_at: at,
          author_id: actorId(actor),
          kind: 'automatic',
          category: 'detection',
          text: `Report received (${report.source.replace('_', ' ')}): ${report.observed}`,
        });
      } else if (input.outcome === 'attach') {
        incidentId = (await requireIncident(trx, input.incident_id)).id;
        await appendAutomatic(
          trx,
          actor,
          incidentId,
          'detection',
          `Related report attached (${report.source.replace('_', ' ')}): ${report.observed}`,
        );
      }
      await updateVersioned(trx, 'reports', id, input.version, {
        status: input.outcome === 'not_incident' ? 'not_incident' : 'incident',
        triage_reason: input.outcome === 'not_incident' ? input.reason : null,
        incident_id: incidentId,
        triaged_by: actorId(actor),
        triaged_at: at,
      });
      if (incidentId) await deps.moveReportEvidence(trx, id, incidentId);
      await audit.record(trx, actor, {
        action: 'report.triage',
        entityType: 'report',
        entityId: id,
        incidentId,
        after: { outcome: input.outcome, reason: input.outcome === 'not_incident' ? input.reason : null },
      });
      return { report_id: id, outcome: input.outcome, incident_id: incidentId };
    });
  }

  // ---- incidents ----

  async function insertIncident(trx: Trx, actor: Actor, input: CreateIncidentInput) {
    const at = now();
    const year = at.slice(0, 4);
    const ref = `BD-${year}-${String(await nextCounter(trx, `incident-ref-${year}`)).padStart(4, '0')}`;
    const row: IncidentsTable = {
      id: newId(),
      ref,
      title: input.title,
      summary: input.summary,
      kind: input.kind,
      severity: input.severity,
      status: 'reported',
      occurred_from: input.occurred_from ?? null,
      occurred_to: input.occurred_to ?? null,
      discovered_at: input.discovered_at ?? null,
      aware_at: input.aware_at ?? null,
      contained_at: null,
      closed_at: null,
      created_by: actorId(actor) ?? (await systemUserId(trx)),
      created_at: at,
      updated_at: at,
      version: 1,
    };
    const latest = new Date(clock.now().getTime() + 5 * 60_000).toISOString();
    const future = (['occurred_from', 'occurred_to', 'discovered_at', 'aware_at'] as const).filter((f) => row[f] && row[f] > latest);
    if (future.length)
      throw invalid(
        'Timestamps cannot be in the future',
        future.map((f) => ({ path: f, message: 'in the future' })),
      );
    validateTimestamps(row);
    await repo.insertIncident(trx, row);
    for (const field of ['occurred_from', 'occurred_to', 'discovered_at', 'aware_at'] as const) {
      if (row[field])
        await repo.insertTimestampChange(trx, {
          id: newId(),
          incident_id: row.id,
          field,
          value: row[field],
          previous_value: null,
          reason: 'set when the incident was opened',
          set_by: row.created_by,
          set_at: at,
        });
    }
    await deps.seedChecklist(trx, row.id);
    await appendAutomatic(trx, actor, row.id, 'status', `Incident ${ref} opened (${row.kind}, severity ${row.severity})`);
    await audit.record(trx, actor, { action: 'incident.create', entityType: 'incident', entityId: row.id, incidentId: row.id, after: row });
    return row;
  }

  async function createIncident(actor: Actor, input: CreateIncidentInput) {
    authorize(actor, 'incident.create');
    const row = await db.transaction().execute((trx) => insertIncident(trx, actor, input));
    return getIncident(actor, row.id);
  }

  async function listIncidents(actor: Actor, filter: { status?: IncidentStatus; kind?: string }) {
    authorize(actor, 'incident.read');
    const at = clock.now();
    return (await repo.listIncidents(db, filter)).map((i) => toPublicIncident(i, at));
  }

  async function getIncident(actor: Actor, id: string) {
    authorize(actor, 'incident.read');
    const incident = await requireIncident(db, id);
    const changes = await repo.listTimestampChanges(db, id);
    const provenance: Record<string, { set_by: string; set_at: string; reason: string }> = {};
    for (const c of changes) provenance[c.field] = { set_by: c.set_by, set_at: c.set_at, reason: c.reason };
    return {
      ...toPublicIncident(incident, clock.now()),
      timestamp_provenance: provenance,
      timestamp_history: changes,
      allowed_next_statuses: [...statusTransitions[incident.status as IncidentStatus]],
    };
  }

  function toPublicIncident(i: IncidentsTable, at: Date) {
    const stop = i.closed_at ? new Date(i.closed_at) : at;
    return {
      id: i.id,
      ref: i.ref,
      title: i.title,
      summary: i.summary,
      kind: i.kind,
      severity: i.severity,
      status: i.status,
      occurred_from: i.occurred_from,
      occurred_to: i.occurred_to,
      discovered_at: i.discovered_at,
      aware_at: i.aware_at,
      contained_at: i.contained_at,
      closed_at: i.closed_at,
      // Seconds since awareness: the legal clocks run from aware_at, so the UI shows this everywhere.
      elapsed_since_aware_seconds: i.aware_at ? Math.max(0, Math.floor((stop.getTime() - new Date(i.aware_at).getTime()) / 1000)) : null,
      created_at: i.created_at,
      updated_at: i.updated_at,
      version: i.version,
    };
  }

  async function updateIncident(actor: Actor, id: string, input: UpdateIncidentInput) {
    authorize(actor, 'incident.update');
    const { version, ...patch } = input;
    await db.transaction().execute(async (trx) => {
      const before = await requireIncident(trx, id);
      await updateVersioned(trx, 'incidents', id, version, { ...patch, updated_at: now() });
      const changed = Object.keys(patch).filter(
        (k) => patch[k as keyof typeof patch] !== undefined && patch[k as keyof typeof patch] !== before[k as keyof IncidentsTable],
      );
      if (changed.includes('severity'))
        await appendAutomatic(trx, actor, id, 'status', `Severity changed from ${before.severity} to ${patch.severity}`);
      await audit.record(trx, actor, {
        action: 'incident.update',
        entityType: 'incident',
        entityId: id,
        incidentId: id,
        before: pick(before, changed),
        after: pick(patch, changed),
      });
    });
    return getIncident(actor, id);
  }

  async function changeStatus(actor: Actor, id: string, input: ChangeStatusInput) {
    authorize(actor, 'incident.update');
    await db.transaction().execute(async (trx) => {
      const before = await requireIncident(trx, id);
      const from = before.status as IncidentStatus;
      if (!statusTransitions[from].includes(input.status)) {
        throw conflict(`Status cannot change from ${from} to ${input.status}; allowed: ${statusTransitions[from].join(', ')}`);
      }
      const at = now();
      const patch: Partial<IncidentsTable> = { status: input.status, updated_at: at };
      // Reaching "contained" or "closed" records the legal timestamp unless the team set it already.
      const stamp: TimestampField | null = input.status === 'contained' ? 'contained_at' : input.status === 'closed' ? 'closed_at' : null;
      if (stamp && !before[stamp]) {
        patch[stamp] = at;
        await repo.insertTimestampChange(trx, {
          id: newId(),
          incident_id: id,
          field: stamp,
          value: at,
          previous_value: null,
          reason: `status changed to ${input.status}: ${input.reason}`,
          set_by: actorId(actor) ?? before.created_by,
          set_at: at,
        });
      }
      if (from === 'closed' && before.closed_at) {
        // Reopening clears closed_at; the history keeps the old value and why it was cleared.
        patch.closed_at = null;
        await repo.insertTimestampChange(trx, {
          id: newId(),
          incident_id: id,
          field: 'closed_at',
          value: null,
          previous_value: before.closed_at,
          reason: `reopened: ${input.reason}`,
          set_by: actorId(actor) ?? before.created_by,
          set_at: at,
        });
      }
      await updateVersioned(trx, 'incidents', id, input.version, patch);
      await appendAutomatic(trx, actor, id, 'status', `Status changed from ${from} to ${input.status}: ${input.reason}`);
      await audit.record(trx, actor, {
        action: 'incident.status',
        entityType: 'incident',
        entityId: id,
        incidentId: id,
        before: { status: from },
        after: { status: input.status },
        details: { reason: input.reason },
      });
    });
    return getIncident(actor, id);
  }

  async function setTimestamp(actor: Actor, id: string, input: SetTimestampInput) {
    authorize(actor, 'incident.update');
    await db.transaction().execute(async (trx) => {
      const before = await requireIncident(trx, id);
      const at = now();
      if (input.value && input.value > new Date(clock.now().getTime() + 5 * 60_000).toISOString()) {
        throw invalid(`${input.field} cannot be in the future`, [{ path: 'value', message: 'in the future' }]);
      }
      validateTimestamps({ ...before, [input.field]: input.value });
      await updateVersioned(trx, 'incidents', id, input.version, { [input.field]: input.value, updated_at: at });
      await repo.insertTimestampChange(trx, {
        id: newId(),
        incident_id: id,
        field: input.field,
        value: input.value,
        previous_value: before[input.field],
        reason: input.reason,
        set_by: actorId(actor) ?? before.created_by,
        set_at: at,
      });
      const label = input.field.replace('_', ' ');
      await appendAutomatic(
        trx,
        actor,
        id,
        'status',
        `${label} ${input.value ? `set to ${input.value}` : 'cleared'}${before[input.field] ? ` (was ${before[input.field]})` : ''}: ${input.reason}`,
      );
      if (input.field === 'aware_at' && before.aware_at !== input.value) await deps.onAwareAtChanged?.(trx, id);
      await audit.record(trx, actor, {
        action: 'incident.timestamp',
        entityType: 'incident',
        entityId: id,
        incidentId: id,
        before: { [input.field]: before[input.field] },
        after: { [input.field]: input.value },
        details: { reason: input.reason },
      });
    });
    return getIncident(actor, id);
  }

  // ---- timeline ----

  async function addTimelineEntry(actor: Actor, incidentId: string, input: AddTimelineInput) {
    authorize(actor, 'timeline.write');
    const row = {
      id: newId(),
      incident_id: incidentId,
      event_at: input.event_at,
      event_tz: input.event_tz,
      recorded_at: now(),
      author_id: actorId(actor),
      kind: 'manual',
      category: input.category,
      text: input.text,
    };
    await db.transaction().execute(async (trx) => {
      await requireIncident(trx, incidentId);
      await repo.insertTimelineEntry(trx, row);
      await audit.record(trx, actor, {
        action: 'timeline.add',
        entityType: 'timeline_entry',
        entityId: row.id,
        incidentId,
        after: { event_at: row.event_at, category: row.category },
      });
    });
    return row;
  }

  async function listTimeline(actor: Actor, incidentId: string, filter: TimelineFilter) {
    authorize(actor, 'incident.read');
    await requireIncident(db, incidentId);
    return repo.listTimeline(db, incidentId, filter);
  }

  /** The id of the drill incident with this title, if one exists (used by `breachdesk demo` to stay idempotent). */
  async function findDrillIdByTitle(title: string): Promise<string | null> {
    return (await repo.findIncidentIdByTitleAndKind(db, title, 'drill'))?.id ?? null;
  }

  return {
    requireIncident,
    appendAutomatic,
    findDrillIdByTitle,
    createReport,
    listReports,
    getReport,
    triageReport,
    createIncident,
    listIncidents,
    getIncident,
    updateIncident,
    changeStatus,
    setTimestamp,
    addTimelineEntry,
    listTimeline,
  };
}

/** occurred_from ≤ occurred_to ≤ … ; discovery and awareness cannot precede the start of the incident. */
function validateTimestamps(i: Pick<IncidentsTable, TimestampField>) {
  const problems: Array<{ path: string; message: string }> = [];
  if (i.occurred_from && i.occurred_to && i.occurred_from > i.occurred_to)
    problems.push({ path: 'occurred_to', message: 'must not be before occurred_from' });
  if (i.occurred_from && i.discovered_at && i.discovered_at < i.occurred_from)
    problems.push({ path: 'discovered_at', message: 'must not be before occurred_from' });
  if (i.occurred_from && i.aware_at && i.aware_at < i.occurred_from)
    problems.push({ path: 'aware_at', message: 'must not be before occurred_from' });
  if (i.aware_at && i.closed_at && i.closed_at < i.aware_at) problems.push({ path: 'closed_at', message: 'must not be before aware_at' });
  if (problems.length) throw invalid('Incident timestamps are inconsistent', problems);
}

function pick(obj: object, keys: string[]) {
  return Object.fromEntries(keys.map((k) => [k, (obj as Record<string, unknown>)[k]]));
}
