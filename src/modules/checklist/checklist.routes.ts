import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../server/auth-hook.js';
import { answerInput, type ChecklistService } from './checklist.service.js';

const itemSchema = z.object({
  id: z.string(),
  key: z.string(),
  question: z.string(),
  answer: z.string(),
  confidence: z.string(),
  evidence_ids: z.array(z.string()),
  updated_by: z.string().nullable(),
  updated_at: z.string().nullable(),
  version: z.number(),
});
const params = z.object({ id: z.uuid(), itemId: z.uuid() });

export async function checklistRoutes(app: FastifyInstance, deps: { checklist: ChecklistService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['investigation'];
  r.get(
    '/incidents/:id/checklist',
    { schema: { tags, params: z.object({ id: z.uuid() }), response: { 200: z.object({ items: z.array(itemSchema) }) } } },
    async (req) => ({
      items: await deps.checklist.list(actorOf(req), req.params.id),
    }),
  );
  r.put('/incidents/:id/checklist/:itemId', { schema: { tags, params, body: answerInput, response: { 200: itemSchema } } }, async (req) =>
    deps.checklist.answer(actorOf(req), req.params.id, req.params.itemId, req.body),
  );
  r.get(
    '/incidents/:id/checklist/:itemId/history',
    {
      schema: {
        tags,
        params,
        response: {
          200: z.object({
            history: z.array(
              z.object({
                answer: z.string(),
                confidence: z.string(),
                evidence_ids: z.array(z.string()),
                answered_at: z.string(),
                answered_by: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => ({ history: await deps.checklist.history(actorOf(req), req.params.id, req.params.itemId) }),
  );
}
