import { newId } from '../../core/ids.js';
import type { ChecklistAnswerHistoryTable } from '../../db/schema.js';
import type { Executor } from '../../db/database.js';

/** The investigation questions every data-leak incident starts with. */
export const dataLeakChecklist = [
  { key: 'when', question: 'When did it start, and is there a first and last known time of exposure?' },
  { key: 'how', question: 'How did it happen (root cause)?' },
  { key: 'who', question: 'Who did it or who could have seen the data (attacker, insider, other customers, the public)?' },
  { key: 'what_data', question: 'What data was exposed, and whose (which customers, which fields)?' },
  { key: 'systems', question: 'Which systems, services and files are involved?' },
  { key: 'ongoing', question: 'Is it still going on, or is the exposure stopped?' },
  { key: 'prevention', question: 'How do we prevent it from happening again?' },
] as const;

export async function seedChecklist(db: Executor, incidentId: string): Promise<void> {
  await db
    .insertInto('checklist_items')
    .values(
      dataLeakChecklist.map((item, position) => ({
        id: newId(),
        incident_id: incidentId,
        key: item.key,
        position,
        question: item.question,
        answer: '',
        confidence: 'unknown',
        evidence_ids_json: '[]',
        updated_by: null,
        updated_at: null,
        version: 1,
      })),
    )
    .execute();
}

export const listItems = (db: Executor, incidentId: string) =>
  db
    .selectFrom('checklist_items')
    .leftJoin('users', 'users.id', 'checklist_items.updated_by')
    .selectAll('checklist_items')
    .select('users.email as updated_by_email')
    .where('incident_id', '=', incidentId)
    .orderBy('position')
    .execute();

export const findItem = (db: Executor, id: string) => db.selectFrom('checklist_items').selectAll().where('id', '=', id).executeTakeFirst();

export const insertHistory = (db: Executor, row: ChecklistAnswerHistoryTable) =>
  db.insertInto('checklist_answer_history').values(row).execute();

export const listHistory = (db: Executor, itemId: string) =>
  db
    .selectFrom('checklist_answer_history')
    .innerJoin('users', 'users.id', 'checklist_answer_history.answered_by')
    .select([
      'checklist_answer_history.answer',
      'checklist_answer_history.confidence',
      'checklist_answer_history.evidence_ids_json',
      'checklist_answer_history.answered_at',
      'users.email as answered_by',
    ])
    .where('item_id', '=', itemId)
    .orderBy('answered_at', 'desc')
    .orderBy('checklist_answer_history.id', 'desc')
    .execute();

/** Which of `evidenceIds` belong to the incident; `evidenceIds` must not be empty. */
export const listEvidenceIdsInIncident = (db: Executor, incidentId: string, evidenceIds: string[]) =>
  db.selectFrom('evidence').select('id').where('incident_id', '=', incidentId).where('id', 'in', evidenceIds).execute();
