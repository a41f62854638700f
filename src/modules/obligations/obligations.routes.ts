import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../server/auth-hook.js';
import { decisionInput, filingInput, incidentFactsSchema, type ObligationService } from './obligations.service.js';
import { confidenceLevels, recipientKinds } from '../../contract/obligations.vocabulary.js';

const nullableString = z.string().nullable();
export const obligationSchema = z.object({
  regime: z.string(),
  regime_name: z.string(),
  rule_id: z.string(),
  jurisdiction: z.string(),
  recipient: z.enum(recipientKinds),
  recipient_name: z.string(),
  required: z.enum(['yes', 'no', 'decide']),
  question: nullableString,
  reason: z.string(),
  affected_count: z.number(),
  deadline: z.object({
    kind: z.enum(['fixed', 'without_delay', 'after', 'event']),
    due_at: nullableString,
    rule: z.string(),
    policy_target_at: nullableString,
    outer_limit_at: nullableString,
    depends_on: nullableString,
  }),
  content: z.object({ must: z.array(z.string()), must_not: z.array(z.string()) }),
  methods: z.array(z.string()),
  substitute_notice: nullableString,
  law_enforcement_delay: z.boolean(),
  sources: z.array(z.object({ title: z.string(), url: nullableString })),
  confidence: z.enum(confidenceLevels),
  last_verified: z.string(),
  time_zone: z.string(),
  notes: z.string(),
});
const storedObligationSchema = obligationSchema.extend({
  id: z.string(),
  status: z.enum(['open', 'met', 'not_required']),
  owner_id: nullableString,
  owner_email: nullableString,
  version: z.number(),
  filings: z.array(
    z.object({
      id: z.string(),
      filed_at: z.string(),
      method: z.string(),
      reference: z.string(),
      note: z.string(),
      evidence_id: nullableString,
      filed_by: z.string(),
    }),
  ),
  decisions: z.array(z.object({ required: z.string(), rationale: z.string(), decided_at: z.string(), decided_by: z.string() })),
});
const banner = { disclaimer: z.string(), rules_last_verified: nullableString };
const listSchema = z.object({ ...banner, obligations: z.array(storedObligationSchema) });
const incidentParams = z.object({ id: z.uuid() });
const itemParams = z.object({ id: z.uuid(), obligationId: z.uuid() });
const tags = ['obligations'];

/** Stateless evaluation, rules catalogue, and per-incident facts, board, decisions, filings and calendar. */
export async function obligationRoutes(app: FastifyInstance, deps: { obligations: ObligationService }) {
  const { obligations } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/obligations/evaluate',
    {
      schema: {
        tags,
        description:
          'Evaluates a scenario (same JSON as `breachdesk obligations --input`) without storing anything. See docs/obligations.md.',
        body: z.unknown(),
        response: { 200: z.object({ ...banner, obligations: z.array(obligationSchema) }) },
      },
    },
    async (req) => obligations.evaluateScenario(actorOf(req), req.body),
  );
  r.get(
    '/rules',
    {
      schema: {
        tags,
        response: {
          200: z.object({
            regimes: z.array(
              z.object({
                regime: z.string(),
                name: z.string(),
                citation: z.string(),
                kind: z.string(),
                jurisdictions: z.array(z.string()),
                last_verified: z.string(),
                sources: z.array(z.object({ id: z.string(), title: z.string(), url: nullableString })),
                rules: z.number(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => ({
      regimes: obligations.listRegimes(actorOf(req)),
    }),
  );

  r.get(
    '/incidents/:id/obligation-facts',
    {
      schema: {
        tags,
        params: incidentParams,
        response: { 200: z.object({ facts: incidentFactsSchema.nullable(), version: z.number().nullable() }) },
      },
    },
    async (req) => {
      const found = await obligations.getFacts(actorOf(req), req.params.id);
      return { facts: found?.facts ?? null, version: found?.version ?? null };
    },
  );
  r.put(
    '/incidents/:id/obligation-facts',
    {
      schema: {
        tags,
        description: 'Sets the facts (send version null the first time) and recomputes obligations.',
        params: incidentParams,
        body: z.object({ version: z.number().int().min(1).nullable(), facts: incidentFactsSchema }),
        response: { 200: listSchema },
      },
    },
    async (req) => obligations.setFacts(actorOf(req), req.params.id, req.body),
  );
  r.get('/incidents/:id/obligations', { schema: { tags, params: incidentParams, response: { 200: listSchema } } }, async (req) =>
    obligations.list(actorOf(req), req.params.id),
  );
  r.post('/incidents/:id/obligations/recompute', { schema: { tags, params: incidentParams, response: { 200: listSchema } } }, async (req) =>
    obligations.recompute(actorOf(req), req.params.id),
  );
  r.post(
    '/incidents/:id/obligations/:obligationId/decision',
    { schema: { tags, params: itemParams, body: decisionInput, response: { 200: listSchema } } },
    async (req) => obligations.decide(actorOf(req), req.params.id, req.params.obligationId, req.body),
  );
  r.post(
    '/incidents/:id/obligations/:obligationId/filings',
    { schema: { tags, params: itemParams, body: filingInput, response: { 200: listSchema } } },
    async (req) => obligations.addFiling(actorOf(req), req.params.id, req.params.obligationId, req.body),
  );
  r.patch(
    '/incidents/:id/obligations/:obligationId',
    {
      schema: {
        tags,
        params: itemParams,
        body: z.object({ version: z.number().int().min(1), owner_id: z.uuid().nullable() }),
        response: { 200: listSchema },
      },
    },
    async (req) => obligations.assignOwner(actorOf(req), req.params.id, req.params.obligationId, req.body),
  );
  r.get(
    '/incidents/:id/obligations.ics',
    { schema: { tags, description: 'iCalendar file of open deadlines.', params: incidentParams } },
    async (req, reply) => {
      const body = await obligations.calendar(actorOf(req), req.params.id);
      reply.type('text/calendar; charset=utf-8').header('content-disposition', 'attachment; filename="obligations.ics"');
      return body;
    },
  );
}
