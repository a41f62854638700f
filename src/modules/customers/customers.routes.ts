import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { invalid } from '../../core/errors.js';
import { actorOf } from '../../server/auth-hook.js';
import { customerQuery, customerSchema, importRecordSchema, importResultSchema, summarySchema } from './customers.schemas.js';
import type { CustomerService } from './customers.service.js';

const fieldValue = (fields: Record<string, unknown>, name: string): string | undefined => {
  const v = (fields[name] as { value?: unknown } | undefined)?.value;
  return typeof v === 'string' ? v : undefined;
};

/** The file part of the upload and the form fields before it: map (JSON object field → column), id_column, dry_run. */
async function readImportUpload(req: FastifyRequest) {
  const part = req.isMultipart() ? await req.file() : undefined;
  if (!part) throw invalid('Send the file as multipart/form-data in a field named "file"', [{ path: 'file', message: 'missing' }]);
  const fields = part.fields as Record<string, unknown>;
  const rawMap = fieldValue(fields, 'map');
  let map: unknown = {};
  if (rawMap?.trim()) {
    try {
      map = JSON.parse(rawMap);
    } catch {
      part.file.resume();
      throw invalid('"map" must be a JSON object of field → column, e.g. {"email":"Mail"}', [{ path: 'map', message: 'not JSON' }]);
    }
  }
  const dryRun = fieldValue(fields, 'dry_run');
  return {
    stream: part.file,
    filename: part.filename,
    options: { map, id_column: fieldValue(fields, 'id_column') || undefined, dry_run: dryRun === 'true' || dryRun === '1' },
  };
}

export async function customerRoutes(app: FastifyInstance, deps: { customers: CustomerService }) {
  const { customers } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['customers'];
  r.post(
    '/customers/imports',
    {
      schema: {
        tags,
        description:
          'Import the customer master: multipart/form-data with optional fields "map" (JSON object field → column), "id_column" and ' +
          '"dry_run" ("true": preview only, nothing written), then "file" (CSV, TSV, JSON Lines or JSON; at most BREACHDESK_MAX_UPLOAD_MB). ' +
          'Re-importing updates customers by id. 201 for an import, 200 for a dry run.',
        response: { 200: importResultSchema, 201: importResultSchema },
      },
    },
    async (req, reply) => {
      const result = await customers.importUpload(actorOf(req), await readImportUpload(req));
      return reply.status(result.dry_run ? 200 : 201).send(result);
    },
  );
  r.get(
    '/customers/imports',
    {
      schema: {
        tags,
        description: 'Import history, newest first (file names, hashes and counts).',
        response: { 200: z.object({ imports: z.array(importRecordSchema) }) },
      },
    },
    async (req) => ({ imports: await customers.listImports(actorOf(req)) }),
  );
  r.get(
    '/customers/summary',
    { schema: { tags, description: 'Customers stored, in total and per jurisdiction.', response: { 200: summarySchema } } },
    async (req) => customers.summary(actorOf(req)),
  );
  r.get(
    '/customers/search',
    {
      schema: {
        tags,
        description: 'Find customers by email, phone, name + postal_code, or customer_ref (blind-index lookup; audited).',
        querystring: customerQuery,
        response: { 200: z.object({ customers: z.array(customerSchema) }) },
      },
    },
    async (req) => ({ customers: await customers.search(actorOf(req), req.query) }),
  );
}
