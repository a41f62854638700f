import type { DecisionsTable } from '../../db/schema.js';
import type { Executor } from '../../db/database.js';

const selectDecisionsWithUsers = (db: Executor) =>
  db
    .selectFrom('decisions')
    .leftJoin('users as creator', 'creator.id', 'decisions.created_by')
    .leftJoin('users as approver', 'approver.id', 'decisions.approved_by')
    .selectAll('decisions')
    .select(['creator.email as created_by_email', 'approver.email as approved_by_email']);

/** One decision with the emails of its creator and approver. */
export const findDecisionWithUsers = (db: Executor, id: string) =>
  selectDecisionsWithUsers(db).where('decisions.id', '=', id).executeTakeFirst();

/** An incident's decisions with creator and approver emails, oldest first, revisions in order. */
export const listDecisionsOfIncident = (db: Executor, incidentId: string) =>
  selectDecisionsWithUsers(db)
    .where('decisions.incident_id', '=', incidentId)
    .orderBy('decisions.created_at')
    .orderBy('decisions.revision')
    .execute();

/** One decision row as stored. */
export const findDecision = (db: Executor, id: string) => db.selectFrom('decisions').selectAll().where('id', '=', id).executeTakeFirst();

/** Inserts a decision (a new series or a new revision of one). */
export const insertDecision = (db: Executor, row: DecisionsTable) => db.insertInto('decisions').values(row).execute();

/** Marks every other approved revision of the series as superseded by `approvedId`. */
export const supersedeApprovedRevisions = (db: Executor, seriesId: string, approvedId: string) =>
  db
    .updateTable('decisions')
    .set({ status: 'superseded', superseded_by: approvedId })
    .where('series_id', '=', seriesId)
    .where('status', '=', 'approved')
    .where('id', '!=', approvedId)
    .execute();

/** Revision number and status of every revision in a series. */
export const listSeriesRevisions = (db: Executor, seriesId: string) =>
  db.selectFrom('decisions').select(['revision', 'status']).where('series_id', '=', seriesId).execute();
