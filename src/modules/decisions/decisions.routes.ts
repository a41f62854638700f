import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../server/auth-hook.js';
import { approveDecisionInput, createDecisionInput, type DecisionService, updateDecisionInput } from './decisions.service.js';

const decisionSchema = z.object({
  id: z.string(),
  incident_id: z.string(),
  series_id: z.string(),
  revision: z.number(),
  question: z.string(),
  options: z.array(z.object({ key: z.string(), label: z.string(), description: z.string() })),
  criteria: z.array(z.object({ key: z.string(), name: z.string(), weight: z.number() })),
  scores: z.record(z.string(), z.record(z.string(), z.number())),
  totals: z.array(z.object({ option: z.string(), total: z.number(), percent: z.number() })),
  chosen_option: z.string().nullable(),
  rationale: z.string(),
  status: z.enum(['draft', 'approved', 'superseded']),
  created_by: z.string().nullable(),
  created_at: z.string(),
  approved_by: z.string().nullable(),
  approved_at: z.string().nullable(),
  superseded_by: z.string().nullable(),
  version: z.number(),
});
const incidentParams = z.object({ id: z.uuid() });
const params = z.object({ id: z.uuid(), decisionId: z.uuid() });

export async function decisionRoutes(app: FastifyInstance, deps: { decisions: DecisionService }) {
  const { decisions } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['decisions'];
  r.get(
    '/decision-templates',
    { schema: { tags, response: { 200: z.object({ templates: z.record(z.string(), z.unknown()) }) } } },
    async (req) => {
      actorOf(req);
      return { templates: decisions.templates() };
    },
  );
  r.get(
    '/incidents/:id/decisions',
    { schema: { tags, params: incidentParams, response: { 200: z.object({ decisions: z.array(decisionSchema) }) } } },
    async (req) => ({
      decisions: await decisions.list(actorOf(req), req.params.id),
    }),
  );
  r.post(
    '/incidents/:id/decisions',
    {
      schema: {
        tags,
        description: 'Propose a decision: either {template} or {question, options, criteria, scores}.',
        params: incidentParams,
        body: createDecisionInput,
        response: { 201: decisionSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await decisions.create(actorOf(req), req.params.id, req.body)),
  );
  r.get('/incidents/:id/decisions/:decisionId', { schema: { tags, params, response: { 200: decisionSchema } } }, async (req) =>
    decisions.get(actorOf(req), req.params.id, req.params.decisionId),
  );
  r.put(
    '/incidents/:id/decisions/:decisionId',
    { schema: { tags, params, body: updateDecisionInput, response: { 200: decisionSchema } } },
    async (req) => decisions.update(actorOf(req), req.params.id, req.params.decisionId, req.body),
  );
  r.post(
    '/incidents/:id/decisions/:decisionId/approve',
    { schema: { tags, params, body: approveDecisionInput, response: { 200: decisionSchema } } },
    async (req) => decisions.approve(actorOf(req), req.params.id, req.params.decisionId, req.body),
  );
  r.post(
    '/incidents/:id/decisions/:decisionId/revise',
    { schema: { tags, description: 'Opens a new draft revision of an approved decision.', params, response: { 201: decisionSchema } } },
    async (req, reply) => reply.status(201).send(await decisions.revise(actorOf(req), req.params.id, req.params.decisionId)),
  );
}
