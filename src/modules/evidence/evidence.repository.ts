import type { CustodyEntriesTable, EvidenceTable } from '../../db/schema.js';
import type { Executor } from '../../db/database.js';

/** The report's incident once triaged into one (null before triage); undefined when there is no such report. */
export async function findReportIncident(db: Executor, id: string): Promise<string | null | undefined> {
  const row = await db.selectFrom('reports').select('incident_id').where('id', '=', id).executeTakeFirst();
  return row ? row.incident_id : undefined;
}

/** Evidence uploaded with a report moves to the incident the report was triaged into. */
export const moveReportEvidenceToIncident = (db: Executor, reportId: string, incidentId: string) =>
  db.updateTable('evidence').set({ incident_id: incidentId }).where('report_id', '=', reportId).execute();

/** Inserts the metadata row of a stored evidence file. */
export const insertEvidence = (db: Executor, row: EvidenceTable) => db.insertInto('evidence').values(row).execute();

/** Appends an event to an evidence item's chain of custody. */
export const insertCustodyEntry = (db: Executor, row: CustodyEntriesTable) => db.insertInto('custody_entries').values(row).execute();

/** An incident's evidence with the uploader's email, in upload order (ties by id). */
export const listEvidenceOfIncident = (db: Executor, incidentId: string) =>
  db
    .selectFrom('evidence')
    .innerJoin('users', 'users.id', 'evidence.uploaded_by')
    .selectAll('evidence')
    .select('users.email as uploader')
    .where('incident_id', '=', incidentId)
    .orderBy('uploaded_at')
    .orderBy('evidence.id')
    .execute();

/** One evidence row as stored. */
export const findEvidence = (db: Executor, id: string) => db.selectFrom('evidence').selectAll().where('id', '=', id).executeTakeFirst();

/** An evidence item's chain of custody with the actor's email, oldest first (ties by id). */
export const listCustodyEntries = (db: Executor, evidenceId: string) =>
  db
    .selectFrom('custody_entries')
    .innerJoin('users', 'users.id', 'custody_entries.actor_id')
    .select(['custody_entries.action', 'custody_entries.at', 'custody_entries.note', 'users.email as actor'])
    .where('evidence_id', '=', evidenceId)
    .orderBy('at')
    .orderBy('custody_entries.id')
    .execute();
