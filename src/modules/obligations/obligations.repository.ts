import type {
  FilingsTable,
  ObligationDecisionsTable,
  ObligationFactsTable,
  ObligationRemindersTable,
  ObligationsTable,
} from '../../db/schema.js';
import type { Executor } from '../../db/database.js';

/** An incident's stored facts for legal obligations, all columns. */
export const findFacts = (db: Executor, incidentId: string) =>
  db.selectFrom('obligation_facts').selectAll().where('incident_id', '=', incidentId).executeTakeFirst();

/** Version and JSON of an incident's stored facts. */
export const findFactsVersion = (db: Executor, incidentId: string) =>
  db.selectFrom('obligation_facts').select(['version', 'facts_json']).where('incident_id', '=', incidentId).executeTakeFirst();

/** Only the facts JSON of an incident. */
export const findFactsJson = (db: Executor, incidentId: string) =>
  db.selectFrom('obligation_facts').select('facts_json').where('incident_id', '=', incidentId).executeTakeFirst();

/** Whether facts were saved for the incident. */
export async function factsExist(db: Executor, incidentId: string): Promise<boolean> {
  const row = await db.selectFrom('obligation_facts').select('incident_id').where('incident_id', '=', incidentId).executeTakeFirst();
  return row !== undefined;
}

/** Inserts the first facts of an incident. */
export const insertFacts = (db: Executor, row: ObligationFactsTable) => db.insertInto('obligation_facts').values(row).execute();

/** Optimistic update of an incident's facts: returns false when `expectedVersion` is stale. */
export async function updateFacts(
  db: Executor,
  incidentId: string,
  expectedVersion: number,
  patch: Pick<ObligationFactsTable, 'facts_json' | 'updated_by' | 'updated_at'>,
): Promise<boolean> {
  const res = await db
    .updateTable('obligation_facts')
    .set({ ...patch, version: expectedVersion + 1 })
    .where('incident_id', '=', incidentId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** An incident's recorded obligation decisions, oldest first (ties by id). */
export const listObligationDecisions = (db: Executor, incidentId: string) =>
  db.selectFrom('obligation_decisions').selectAll().where('incident_id', '=', incidentId).orderBy('decided_at').orderBy('id').execute();

/** Rule id and filing time of every filing of an incident, earliest first. */
export const listFilingTimesByRule = (db: Executor, incidentId: string) =>
  db
    .selectFrom('filings')
    .innerJoin('obligations', 'obligations.id', 'filings.obligation_id')
    .select(['obligations.rule_id', 'filings.filed_at'])
    .where('filings.incident_id', '=', incidentId)
    .orderBy('filings.filed_at')
    .execute();

/** An incident's stored obligations, all columns, unordered. */
export const listObligationsOfIncident = (db: Executor, incidentId: string) =>
  db.selectFrom('obligations').selectAll().where('incident_id', '=', incidentId).execute();

/** Inserts a newly computed obligation. */
export const insertObligation = (db: Executor, row: ObligationsTable) => db.insertInto('obligations').values(row).execute();

/** Emails of the enabled leads and admins (who hear about obligations nobody owns). */
export async function listActiveLeadEmails(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .select('email')
    .where('role', 'in', ['lead', 'admin'])
    .where('disabled_at', 'is', null)
    .execute();
  return rows.map((r) => r.email);
}

/** A user's email, or undefined when there is no such user. */
export const findUserEmail = (db: Executor, id: string) => db.selectFrom('users').select('email').where('id', '=', id).executeTakeFirst();

/** Whether a user with this id exists. */
export async function userExists(db: Executor, id: string): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}

/** An incident's obligations with the owner's email, unordered (the service sorts by due time). */
export const listObligationsWithOwner = (db: Executor, incidentId: string) =>
  db
    .selectFrom('obligations')
    .leftJoin('users', 'users.id', 'obligations.owner_id')
    .selectAll('obligations')
    .select('users.email as owner_email')
    .where('incident_id', '=', incidentId)
    .execute();

/** An incident's filings with the filer's email, earliest first. */
export const listFilingsOfIncident = (db: Executor, incidentId: string) =>
  db
    .selectFrom('filings')
    .innerJoin('users', 'users.id', 'filings.filed_by')
    .select([
      'filings.id',
      'filings.obligation_id',
      'filings.filed_at',
      'filings.method',
      'filings.reference',
      'filings.note',
      'filings.evidence_id',
      'users.email as filed_by',
    ])
    .where('filings.incident_id', '=', incidentId)
    .orderBy('filed_at')
    .execute();

/** An incident's obligation decisions with the decider's email, oldest first (ties by id). */
export const listObligationDecisionsWithDecider = (db: Executor, incidentId: string) =>
  db
    .selectFrom('obligation_decisions')
    .innerJoin('users', 'users.id', 'obligation_decisions.decided_by')
    .select([
      'obligation_decisions.rule_id',
      'obligation_decisions.required',
      'obligation_decisions.rationale',
      'obligation_decisions.decided_at',
      'users.email as decided_by',
    ])
    .where('incident_id', '=', incidentId)
    .orderBy('decided_at')
    .orderBy('obligation_decisions.id')
    .execute();

/** One obligation row as stored. */
export const findObligation = (db: Executor, id: string) =>
  db.selectFrom('obligations').selectAll().where('id', '=', id).executeTakeFirst();

/** Appends a decision on an obligation (decisions are never edited). */
export const insertObligationDecision = (db: Executor, row: ObligationDecisionsTable) =>
  db.insertInto('obligation_decisions').values(row).execute();

/** The incident an evidence item belongs to, or undefined when there is no such evidence. */
export const findEvidenceIncident = (db: Executor, evidenceId: string) =>
  db.selectFrom('evidence').select('incident_id').where('id', '=', evidenceId).executeTakeFirst();

/** Records a filing that meets an obligation. */
export const insertFiling = (db: Executor, row: FilingsTable) => db.insertInto('filings').values(row).execute();

/**
 * Open obligations with a due time up to `horizon`, with incident ref and owner email (unordered).
 * Closed incidents send no reminders; a disabled owner's email is left out (the leads get it instead).
 */
export const listOpenObligationsDueBy = (db: Executor, horizon: string) =>
  db
    .selectFrom('obligations')
    .innerJoin('incidents', 'incidents.id', 'obligations.incident_id')
    .leftJoin('users', (join) => join.onRef('users.id', '=', 'obligations.owner_id').on('users.disabled_at', 'is', null))
    .select([
      'obligations.id',
      'obligations.incident_id',
      'obligations.due_at',
      'obligations.snapshot_json',
      'incidents.ref',
      'users.email as owner_email',
    ])
    .where('obligations.status', '=', 'open')
    .where('incidents.status', '!=', 'closed')
    .where('obligations.due_at', 'is not', null)
    .where('obligations.due_at', '<=', horizon)
    .execute();

/** Records a sent reminder unless the same one exists; returns false when it was already recorded. */
export async function insertReminderOnce(db: Executor, row: ObligationRemindersTable): Promise<boolean> {
  const inserted = await db
    .insertInto('obligation_reminders')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
}
