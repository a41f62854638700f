import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import { invalid, notFound } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Db, Trx } from '../../db/database.js';
import { updateVersioned } from '../../db/versioned.js';
import type { AuditService } from '../audit/audit.service.js';
import { type Actor, actorId, authorize, requireUserId } from '../auth/auth.permissions.js';
import type { IncidentLink } from '../incidents/incidents.service.js';
import * as repo from './checklist.repository.js';

export const confidenceLevels = ['unknown', 'low', 'medium', 'high', 'confirmed'] as const;

export const answerInput = z.object({
  version: z.number().int().min(1),
  answer: z.string().trim().max(20_000),
  confidence: z.enum(confidenceLevels),
  evidence_ids: z.array(z.uuid()).max(100).default([]),
});
export type AnswerInput = z.infer<typeof answerInput>;

export type ChecklistService = ReturnType<typeof createChecklistService>;

/** The investigation checklist: each answer has a confidence, evidence links and full history. */
/** The standard investigation questions for a new incident, written in the transaction that creates it. */
export const seedIncidentChecklist = (trx: Trx, incidentId: string) => repo.seedChecklist(trx, incidentId);

export function createChecklistService(deps: { db: Db; clock: Clock; audit: AuditService; incidents: IncidentLink }) {
  const { db, clock, audit, incidents } = deps;

  async function list(actor: Actor, incidentId: string) {
    authorize(actor, 'incident.read');
    await incidents.requireIncident(db, incidentId);
    const items = await repo.listItems(db, incidentId);
    return items.map((i) => ({
      id: i.id,
      key: i.key,
      question: i.question,
      answer: i.answer,
      confidence: i.confidence,
      evidence_ids: JSON.parse(i.evidence_ids_json) as string[],
      updated_by: i.updated_by_email,
      updated_at: i.updated_at,
      version: i.version,
    }));
  }

  async function answer(actor: Actor, incidentId: string, itemId: string, input: AnswerInput) {
    authorize(actor, 'checklist.answer');
    const at = clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      const item = await repo.findItem(trx, itemId);
      if (!item || item.incident_id !== incidentId) throw notFound('Checklist item');
      if (input.evidence_ids.length) {
        const found = await repo.listEvidenceIdsInIncident(trx, incidentId, input.evidence_ids);
        const missing = input.evidence_ids.filter((id) => !found.some((f) => f.id === id));
        if (missing.length)
          throw invalid(
            'Evidence not found in this incident',
            missing.map((id) => ({ path: 'evidence_ids', message: `unknown evidence ${id}` })),
          );
      }
      const evidenceJson = JSON.stringify(input.evidence_ids);
      await updateVersioned(trx, 'checklist_items', itemId, input.version, {
        answer: input.answer,
        confidence: input.confidence,
        evidence_ids_json: evidenceJson,
        updated_by: actorId(actor),
        updated_at: at,
      });
      await repo.insertHistory(trx, {
        id: newId(),
        item_id: itemId,
        answer: input.answer,
        confidence: input.confidence,
        evidence_ids_json: evidenceJson,
        answered_by: requireUserId(actor),
        answered_at: at,
      });
      await incidents.appendAutomatic(
        trx,
        actor,
        incidentId,
        'investigation',
        `Checklist "${item.question}" answered (confidence ${input.confidence})`,
      );
      await audit.record(trx, actor, {
        action: 'checklist.answer',
        entityType: 'checklist_item',
        entityId: itemId,
        incidentId,
        before: { answer: item.answer, confidence: item.confidence },
        after: { answer: input.answer, confidence: input.confidence, evidence_ids: input.evidence_ids },
      });
    });
    return (await list(actor, incidentId)).find((i) => i.id === itemId)!;
  }

  async function history(actor: Actor, incidentId: string, itemId: string) {
    authorize(actor, 'incident.read');
    const item = await repo.findItem(db, itemId);
    if (!item || item.incident_id !== incidentId) throw notFound('Checklist item');
    return (await repo.listHistory(db, itemId)).map((h) => ({
      ...h,
      evidence_ids: JSON.parse(h.evidence_ids_json) as string[],
      evidence_ids_json: undefined,
    }));
  }

  return { list, answer, history };
}
