import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { invalid } from '../../core/errors.js';
import { actorOf } from '../../server/auth-hook.js';
import { custodyInput, type EvidenceService } from './evidence.service.js';

const evidenceSchema = z.object({
  id: z.string(),
  incident_id: z.string().nullable(),
  report_id: z.string().nullable(),
  filename: z.string(),
  media_type: z.string(),
  size_bytes: z.number(),
  sha256: z.string(),
  description: z.string(),
  uploaded_by: z.string().nullable(),
  uploaded_at: z.string(),
});
const custodySchema = z.array(z.object({ action: z.string(), at: z.string(), note: z.string(), actor: z.string() }));
const incidentParams = z.object({ id: z.uuid() });
const itemParams = z.object({ id: z.uuid(), evidenceId: z.uuid() });

/** Reads the one file part of a multipart upload; an optional "description" field may come before it. */
async function readUpload(req: FastifyRequest) {
  const part = req.isMultipart() ? await req.file() : undefined;
  if (!part) throw invalid('Send the file as multipart/form-data in a field named "file"', [{ path: 'file', message: 'missing' }]);
  const description = (part.fields.description as { value?: unknown } | undefined)?.value;
  return {
    stream: part.file,
    filename: part.filename,
    mediaType: part.mimetype,
    description: typeof description === 'string' ? description.slice(0, 5000) : '',
  };
}

export async function evidenceRoutes(app: FastifyInstance, deps: { evidence: EvidenceService }) {
  const { evidence } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['evidence'];
  r.get(
    '/incidents/:id/evidence',
    { schema: { tags, params: incidentParams, response: { 200: z.object({ evidence: z.array(evidenceSchema) }) } } },
    async (req) => ({
      evidence: await evidence.list(actorOf(req), req.params.id),
    }),
  );
  r.post(
    '/incidents/:id/evidence',
    {
      schema: {
        tags,
        description: 'multipart/form-data with "file" (and optional "description" before it). SHA-256 is computed on upload.',
        params: incidentParams,
        response: { 201: evidenceSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await evidence.upload(actorOf(req), { incidentId: req.params.id }, await readUpload(req))),
  );
  r.post(
    '/reports/:id/attachments',
    {
      schema: {
        tags,
        description: 'Attach a file to a report before triage; it moves to the incident when the report becomes one.',
        params: incidentParams,
        response: { 201: evidenceSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await evidence.upload(actorOf(req), { reportId: req.params.id }, await readUpload(req))),
  );
  r.get(
    '/incidents/:id/evidence/:evidenceId/download',
    { schema: { tags, description: 'Download (audited, recorded in chain of custody).', params: itemParams } },
    async (req, reply) => {
      const { meta, stream } = await evidence.download(actorOf(req), req.params.id, req.params.evidenceId);
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(meta.filename)}`);
      reply.header('x-content-sha256', meta.sha256);
      reply.type('application/octet-stream');
      return reply.send(stream);
    },
  );
  r.get(
    '/incidents/:id/evidence/:evidenceId/custody',
    { schema: { tags, params: itemParams, response: { 200: z.object({ custody: custodySchema }) } } },
    async (req) => ({
      custody: await evidence.custody(actorOf(req), req.params.id, req.params.evidenceId),
    }),
  );
  r.post(
    '/incidents/:id/evidence/:evidenceId/custody',
    { schema: { tags, params: itemParams, body: custodyInput, response: { 201: z.object({ custody: custodySchema }) } } },
    async (req, reply) =>
      reply.status(201).send({ custody: await evidence.addCustody(actorOf(req), req.params.id, req.params.evidenceId, req.body) }),
  );
  r.post(
    '/incidents/:id/evidence/:evidenceId/verify',
    {
      schema: {
        tags,
        params: itemParams,
        response: { 200: z.object({ ok: z.boolean(), expected_sha256: z.string(), actual_sha256: z.string() }) },
      },
    },
    async (req) => evidence.verify(actorOf(req), req.params.id, req.params.evidenceId),
  );
}
