import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../server/auth-hook.js';
import { dataTypes } from '../../contract/data-types.js';
import { addFilesInput, columnOverridesInput, columnRoles, personQuery, registerQuery, resolveReviewInput } from './scoping.schemas.js';
import type { ScopingService } from './scoping.service.js';

const tags = ['scoping'];
const incidentParams = z.object({ id: z.uuid() });
const runParams = z.object({ id: z.uuid(), runId: z.uuid() });
const fileParams = z.object({ id: z.uuid(), fileId: z.uuid() });
const reviewParams = z.object({ id: z.uuid(), reviewId: z.uuid() });
const nullableString = z.string().nullable();
const dataTypeList = z.array(z.enum(dataTypes));
const contact = z.record(z.string(), z.string().nullable()).nullable();

const fileReport = z.object({
  file: z.string(),
  format: z.string(),
  records: z.number(),
  columns: z.array(z.object({ name: z.string(), data_type: z.enum(dataTypes).nullable(), role: z.enum(columnRoles).optional() })),
  errors: z.array(z.object({ message: z.string(), line: z.number().optional(), offset: z.number().optional() })),
  compression: z.string().optional(),
  encoding: z.string().optional(),
});
const progress = z.object({
  bytes: z.number(),
  records: z.number(),
  file: z.string(),
  files_done: z.number(),
  files_total: z.number(),
  updated_at: nullableString,
});
const run = z.object({
  id: z.string(),
  status: z.enum(['queued', 'running', 'done', 'failed', 'cancelled']),
  cancel_requested: z.boolean(),
  progress,
  error: nullableString,
  created_at: z.string(),
  started_at: nullableString,
  finished_at: nullableString,
});
const file = z.object({
  id: z.string(),
  run_id: z.string(),
  name: z.string(),
  source: z.enum(['path', 'upload']),
  evidence_id: nullableString,
  sha256: z.string(),
  size_bytes: z.number(),
  status: z.enum(['queued', 'running', 'done', 'failed', 'cancelled', 'duplicate']),
  records: z.number(),
  complete: z.boolean(),
  reports: z.array(fileReport),
  column_overrides: z.record(z.string(), z.string()),
  stats: z.record(z.string(), z.unknown()),
  created_at: z.string(),
  finished_at: nullableString,
});
const match = z.object({ rule: z.string(), confidence: z.number() });
const entry = z.object({
  customer_id: z.string(),
  customer_ref: z.string(),
  jurisdiction: z.string(),
  data_types: dataTypeList,
  records: z.number(),
  files: z.number(),
  match,
});
const summary = z.object({
  affected_customers: z.number(),
  data_type_totals: z.record(z.string(), z.number()),
  jurisdiction_totals: z.record(z.string(), z.number()),
  unmatched_records: z.number(),
  unmatched_people: z.number(),
  reviews: z.object({ open: z.number(), matched: z.number(), rejected: z.number() }),
  authenticity: z.object({
    records_with_personal_data: z.number(),
    matched_records: z.number(),
    match_rate: z.number(),
    fields_compared: z.number(),
    consistency_rate: z.number().nullable(),
  }),
  files: z.array(file),
  complete: z.boolean(),
  runs: z.array(run),
});
const unmatchedPerson = z.object({
  email: nullableString,
  phone: nullableString,
  name: nullableString,
  postal_code: nullableString,
  data_types: dataTypeList,
  sources: z.array(z.object({ file: z.string(), records: z.number() })),
});

/** Per-incident scoping: add leak files, watch runs, read the register, review ambiguous matches, find a person, export. */
export async function scopingRoutes(app: FastifyInstance, deps: { scoping: ScopingService }) {
  const { scoping } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/incidents/:id/scoping',
    {
      schema: {
        tags,
        description: 'Register totals (by data type and jurisdiction), files with their reports, recent runs, reviews, authenticity.',
        params: incidentParams,
        response: { 200: summary },
      },
    },
    async (req) => scoping.summary(actorOf(req), req.params.id),
  );
  r.post(
    '/incidents/:id/scoping/files',
    {
      schema: {
        tags,
        description:
          'Adds leak files (server paths inside BREACHDESK_LEAK_DIR, or evidence ids of uploaded files) and queues a scan. ' +
          'A file with the same content as one already added is recorded as a duplicate and not counted again.',
        params: incidentParams,
        body: addFilesInput,
        response: {
          202: z.object({
            run_id: z.string(),
            files: z.array(z.object({ id: z.string(), name: z.string(), status: z.string(), duplicate_of: nullableString })),
          }),
        },
      },
    },
    async (req, reply) => reply.status(202).send(await scoping.addFiles(actorOf(req), req.params.id, req.body)),
  );
  r.get(
    '/incidents/:id/scoping/runs/:runId',
    { schema: { tags, params: runParams, response: { 200: run.extend({ files: z.array(file) }) } } },
    async (req) => scoping.getRun(actorOf(req), req.params.id, req.params.runId),
  );
  r.post(
    '/incidents/:id/scoping/runs/:runId/cancel',
    {
      schema: {
        tags,
        description: 'Stops the run after the record being read; files already finished stay in the register.',
        params: runParams,
        response: { 200: run },
      },
    },
    async (req) => scoping.cancelRun(actorOf(req), req.params.id, req.params.runId),
  );
  r.get('/incidents/:id/scoping/files/:fileId', { schema: { tags, params: fileParams, response: { 200: file } } }, async (req) =>
    scoping.getFile(actorOf(req), req.params.id, req.params.fileId),
  );
  r.put(
    '/incidents/:id/scoping/files/:fileId/columns',
    {
      schema: {
        tags,
        description: 'Corrects the column classification of a file and scans it again (its old results are replaced, not added).',
        params: fileParams,
        body: columnOverridesInput,
        response: { 202: z.object({ run_id: z.string() }) },
      },
    },
    async (req, reply) =>
      reply.status(202).send(await scoping.setColumnOverrides(actorOf(req), req.params.id, req.params.fileId, req.body.overrides)),
  );
  r.get(
    '/incidents/:id/scoping/register',
    {
      schema: {
        tags,
        description: 'The exposure register, one page (cursor `after` = last customer_id), filterable by jurisdiction and data type.',
        params: incidentParams,
        querystring: registerQuery,
        response: { 200: z.object({ entries: z.array(entry), next: nullableString }) },
      },
    },
    async (req) => scoping.register(actorOf(req), req.params.id, req.query),
  );
  r.get(
    '/incidents/:id/scoping/register.csv',
    {
      schema: {
        tags,
        description: 'The whole register as CSV; `contacts=true` adds email, phone and name (needs customer.read; audited).',
        params: incidentParams,
        querystring: z.object({ contacts: z.enum(['true', 'false']).default('false') }),
      },
    },
    async (req, reply) => {
      const lines = scoping.exportCsv(actorOf(req), req.params.id, { contacts: req.query.contacts === 'true' });
      // Pull the first chunk before answering, so a refused export is an error response, not a broken download.
      const first = await lines.next();
      async function* rest() {
        if (!first.done) yield first.value;
        yield* lines;
      }
      reply.header('content-disposition', `attachment; filename="register-${req.params.id}.csv"`);
      reply.type('text/csv; charset=utf-8');
      return reply.send(Readable.from(rest()));
    },
  );
  r.get(
    '/incidents/:id/scoping/reviews',
    {
      schema: {
        tags,
        description: 'Ambiguous matches; the leaked record and the candidates’ contact data appear only for customer.read (audited).',
        params: incidentParams,
        querystring: z.object({
          status: z.enum(['open', 'matched', 'rejected']).optional(),
          after: z.uuid().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
        }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                file_id: z.string(),
                file: z.string(),
                line: z.number(),
                rule: z.string(),
                reason: z.string(),
                data_types: dataTypeList,
                record: contact,
                candidates: z.array(z.object({ customer_id: z.string(), customer_ref: z.string(), jurisdiction: z.string(), contact })),
                status: z.enum(['open', 'matched', 'rejected']),
                resolved_customer_id: nullableString,
                resolution_note: nullableString,
                resolved_at: nullableString,
              }),
            ),
            next: nullableString,
          }),
        },
      },
    },
    async (req) => scoping.reviews(actorOf(req), req.params.id, req.query),
  );
  r.post(
    '/incidents/:id/scoping/reviews/:reviewId',
    {
      schema: {
        tags,
        description: 'Decides an ambiguous match: the candidate it belongs to (joins the register) or none (null).',
        params: reviewParams,
        body: resolveReviewInput,
        response: { 200: z.object({ id: z.string(), status: z.string(), resolved_customer_id: nullableString }) },
      },
    },
    async (req) => scoping.resolveReview(actorOf(req), req.params.id, req.params.reviewId, req.body),
  );
  r.get(
    '/incidents/:id/scoping/person',
    {
      schema: {
        tags,
        description: 'Finds one person by email, phone, name + postal code, or customer_ref: what was exposed and where (audited).',
        params: incidentParams,
        querystring: personQuery,
        response: {
          200: z.object({
            customers: z.array(
              z.object({
                customer_id: z.string(),
                customer_ref: z.string(),
                jurisdiction: z.string(),
                contact,
                exposed: entry.nullable(),
                sources: z.array(
                  z.object({ file_id: z.string(), file: z.string(), records: z.number(), data_types: dataTypeList, rule: z.string() }),
                ),
              }),
            ),
            unmatched: z.array(unmatchedPerson),
          }),
        },
      },
    },
    async (req) => scoping.findPerson(actorOf(req), req.params.id, req.query),
  );
  r.get(
    '/incidents/:id/scoping/unmatched',
    {
      schema: {
        tags,
        description: 'People in the leak who are not customers (e.g. guest buyers), with the contact data found (audited).',
        params: incidentParams,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(10_000).default(500) }),
        response: { 200: z.object({ people: z.array(unmatchedPerson), total: z.number() }) },
      },
    },
    async (req) => scoping.unmatched(actorOf(req), req.params.id, req.query),
  );
  r.post(
    '/incidents/:id/scoping/apply-obligations',
    {
      schema: {
        tags,
        description: 'Replaces the affected population in the obligation facts with the register (done automatically after each run).',
        params: incidentParams,
      },
    },
    async (req) => {
      await scoping.applyToObligations(actorOf(req), req.params.id);
      return { ok: true };
    },
  );
}
