import type { CountermeasuresTable, TasksTable } from '../../db/schema.js';
import type { Executor } from '../../db/database.js';

/** Email of a user who must exist; throws when the id is unknown. */
export const getUserEmail = (db: Executor, id: string) =>
  db.selectFrom('users').select('email').where('id', '=', id).executeTakeFirstOrThrow();

/** The id of a user, or undefined when there is no such user. */
export const findUserId = (db: Executor, id: string) => db.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst();

const selectTasksWithOwner = (db: Executor) =>
  db.selectFrom('tasks').leftJoin('users', 'users.id', 'tasks.owner_id').selectAll('tasks').select('users.email as owner_email');

/** An incident's tasks with their owner's email, oldest first. */
export const listTasksOfIncident = (db: Executor, incidentId: string) =>
  selectTasksWithOwner(db).where('tasks.incident_id', '=', incidentId).orderBy('tasks.created_at').execute();

/** One task with its owner's email. */
export const findTask = (db: Executor, id: string) => selectTasksWithOwner(db).where('tasks.id', '=', id).executeTakeFirst();

/** Inserts a new task. */
export const insertTask = (db: Executor, row: TasksTable) => db.insertInto('tasks').values(row).execute();

const selectCountermeasuresWithOwner = (db: Executor) =>
  db
    .selectFrom('countermeasures')
    .leftJoin('users', 'users.id', 'countermeasures.owner_id')
    .selectAll('countermeasures')
    .select('users.email as owner_email');

/** An incident's countermeasures with their owner's email, oldest first. */
export const listCountermeasuresOfIncident = (db: Executor, incidentId: string) =>
  selectCountermeasuresWithOwner(db).where('countermeasures.incident_id', '=', incidentId).orderBy('countermeasures.created_at').execute();

/** One countermeasure with its owner's email. */
export const findCountermeasure = (db: Executor, id: string) =>
  selectCountermeasuresWithOwner(db).where('countermeasures.id', '=', id).executeTakeFirst();

/** Inserts a new countermeasure. */
export const insertCountermeasure = (db: Executor, row: CountermeasuresTable) => db.insertInto('countermeasures').values(row).execute();
