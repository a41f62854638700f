import type { Insertable } from 'kysely';
import type { IncidentsTable, IncidentTimestampChangesTable, ReportsTable, TimelineEntriesTable } from '../../db/schema.js';
import type { Executor } from '../../db/database.js';
import type { IncidentStatus, TimelineFilter } from './incidents.schemas.js';

export const insertIncident = (db: Executor, row: IncidentsTable) => db.insertInto('incidents').values(row).execute();

export const findIncident = (db: Executor, id: string) => db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();

export function listIncidents(db: Executor, filter: { status?: IncidentStatus; kind?: string }) {
  let q = db.selectFrom('incidents').selectAll().orderBy('created_at', 'desc');
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  return q.execute();
}

export const findIncidentByTitle = (db: Executor, title: string) =>
  db.selectFrom('incidents').selectAll().where('title', '=', title).executeTakeFirst();

/** The id of the incident with this title and kind, if any. */
export const findIncidentIdByTitleAndKind = (db: Executor, title: string, kind: string) =>
  db.selectFrom('incidents').select('id').where('title', '=', title).where('kind', '=', kind).executeTakeFirst();

export const insertTimestampChange = (db: Executor, row: IncidentTimestampChangesTable) =>
  db.insertInto('incident_timestamp_changes').values(row).execute();

export const listTimestampChanges = (db: Executor, incidentId: string) =>
  db
    .selectFrom('incident_timestamp_changes')
    .innerJoin('users', 'users.id', 'incident_timestamp_changes.set_by')
    .select([
      'incident_timestamp_changes.field',
      'incident_timestamp_changes.value',
      'incident_timestamp_changes.previous_value',
      'incident_timestamp_changes.reason',
      'incident_timestamp_changes.set_at',
      'users.email as set_by',
    ])
    .where('incident_id', '=', incidentId)
    .orderBy('incident_timestamp_changes.set_at')
    .orderBy('incident_timestamp_changes.id')
    .execute();

export const insertReport = (db: Executor, row: ReportsTable) => db.insertInto('reports').values(row).execute();
export const findReport = (db: Executor, id: string) => db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();

export function listReports(db: Executor, filter: { status?: string; incidentId?: string }) {
  let q = db.selectFrom('reports').selectAll().orderBy('reported_at', 'desc');
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.incidentId) q = q.where('incident_id', '=', filter.incidentId);
  return q.execute();
}

export const insertTimelineEntry = (db: Executor, row: Insertable<TimelineEntriesTable>) =>
  db.insertInto('timeline_entries').values(row).execute();

export function listTimeline(db: Executor, incidentId: string, filter: TimelineFilter) {
  let q = db
    .selectFrom('timeline_entries')
    .leftJoin('users', 'users.id', 'timeline_entries.author_id')
    .select([
      'timeline_entries.id',
      'timeline_entries.event_at',
      'timeline_entries.event_tz',
      'timeline_entries.recorded_at',
      'timeline_entries.kind',
      'timeline_entries.category',
      'timeline_entries.text',
      'users.email as author',
    ])
    .where('timeline_entries.incident_id', '=', incidentId)
    .orderBy('timeline_entries.event_at')
    .orderBy('timeline_entries.recorded_at')
    .orderBy('timeline_entries.id');
  if (filter.kind) q = q.where('timeline_entries.kind', '=', filter.kind);
  if (filter.category) q = q.where('timeline_entries.category', '=', filter.category);
  if (filter.from) q = q.where('timeline_entries.event_at', '>=', filter.from);
  if (filter.to) q = q.where('timeline_entries.event_at', '<=', filter.to);
  return q.execute();
}

/** The id of the earliest-created admin, who stands in as author when a system actor creates records. */
export const findFirstAdmin = (db: Executor) =>
  db.selectFrom('users').select('id').where('role', '=', 'admin').orderBy('created_at').executeTakeFirst();
