import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../server/auth-hook.js';
import type { AuditService } from './audit.service.js';

const entrySchema = z.object({
  seq: z.number(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  entity_type: z.string(),
  entity_id: z.string().nullable(),
  incident_id: z.string().nullable(),
  data: z.unknown(),
  hash: z.string(),
});

export async function auditRoutes(app: FastifyInstance, deps: { audit: AuditService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        querystring: z.object({
          incident_id: z.uuid().optional(),
          before_seq: z.coerce.number().int().min(1).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ entries: z.array(entrySchema) }) },
      },
    },
    async (req) => ({
      entries: await deps.audit.list(actorOf(req), {
        incidentId: req.query.incident_id,
        beforeSeq: req.query.before_seq,
        limit: req.query.limit,
      }),
    }),
  );
  r.post(
    '/audit/verify',
    {
      schema: {
        tags: ['audit'],
        description: 'Recomputes the whole hash chain. ok=false names the first bad entry.',
        response: {
          200: z.object({
            ok: z.boolean(),
            count: z.number(),
            head: z.string().optional(),
            first_bad_seq: z.number().optional(),
            problem: z.string().optional(),
          }),
        },
      },
    },
    async (req) => {
      const result = await deps.audit.verify(actorOf(req));
      return result.ok
        ? { ok: true, count: result.count, head: result.head }
        : { ok: false, count: result.count, first_bad_seq: result.firstBadSeq, problem: result.problem };
    },
  );
  r.get(
    '/audit/head',
    {
      schema: {
        tags: ['audit'],
        description: 'Chain head to anchor outside Breachdesk.',
        response: { 200: z.object({ count: z.number(), hash: z.string(), exported_at: z.string(), algorithm: z.string() }) },
      },
    },
    async (req) => deps.audit.exportHead(actorOf(req)),
  );
}
