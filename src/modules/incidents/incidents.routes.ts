import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../server/auth-hook.js';
import { timelineToCsv, timelineToMarkdown } from './incidents.export.js';
import {
  addTimelineInput,
  changeStatusInput,
  createIncidentInput,
  createReportInput,
  listIncidentsFilter,
  setTimestampInput,
  timelineFilter,
  triageReportInput,
  updateIncidentInput,
} from './incidents.schemas.js';
import type { IncidentService } from './incidents.service.js';

const nullableString = z.string().nullable();
export const incidentSchema = z.object({
  id: z.string(),
  ref: z.string(),
  title: z.string(),
  summary: z.string(),
  kind: z.string(),
  severity: z.string(),
  status: z.string(),
  occurred_from: nullableString,
  occurred_to: nullableString,
  discovered_at: nullableString,
  aware_at: nullableString,
  contained_at: nullableString,
  closed_at: nullableString,
  elapsed_since_aware_seconds: z.number().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  version: z.number(),
});
const incidentDetailSchema = incidentSchema.extend({
  timestamp_provenance: z.record(z.string(), z.object({ set_by: z.string(), set_at: z.string(), reason: z.string() })),
  timestamp_history: z.array(
    z.object({
      field: z.string(),
      value: nullableString,
      previous_value: nullableString,
      reason: z.string(),
      set_at: z.string(),
      set_by: z.string(),
    }),
  ),
  allowed_next_statuses: z.array(z.string()),
});
const reportSchema = z.object({
  id: z.string(),
  source: z.string(),
  reporter_name: nullableString,
  reporter_contact: nullableString,
  observed: z.string(),
  reported_at: z.string(),
  reporter_tz: z.string(),
  status: z.string(),
  triage_reason: nullableString,
  incident_id: nullableString,
  created_at: z.string(),
  version: z.number(),
});
const timelineEntrySchema = z.object({
  id: z.string(),
  event_at: z.string(),
  event_tz: z.string(),
  recorded_at: z.string(),
  kind: z.string(),
  category: z.string(),
  text: z.string(),
  author: nullableString,
});
const idParams = z.object({ id: z.uuid() });

/** Reports (intake), incidents, status, legal timestamps and the timeline with CSV/Markdown export. */
export async function incidentRoutes(app: FastifyInstance, deps: { incidents: IncidentService }) {
  const { incidents } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['incidents'];

  r.post('/reports', { schema: { tags, body: createReportInput, response: { 201: reportSchema } } }, async (req, reply) =>
    reply.status(201).send(await incidents.createReport(actorOf(req), req.body)),
  );
  r.get(
    '/reports',
    {
      schema: {
        tags,
        querystring: z.object({ status: z.enum(['new', 'incident', 'not_incident']).optional() }),
        response: { 200: z.object({ reports: z.array(reportSchema) }) },
      },
    },
    async (req) => ({ reports: await incidents.listReports(actorOf(req), { status: req.query.status }) }),
  );
  r.get(
    '/reports/:id',
    {
      schema: {
        tags,
        description: 'Reveals reporter contact to admin, lead, legal and support (audited).',
        params: idParams,
        response: { 200: reportSchema },
      },
    },
    async (req) => incidents.getReport(actorOf(req), req.params.id),
  );
  r.post(
    '/reports/:id/triage',
    {
      schema: {
        tags,
        params: idParams,
        body: triageReportInput,
        response: { 200: z.object({ report_id: z.string(), outcome: z.string(), incident_id: nullableString }) },
      },
    },
    async (req) => incidents.triageReport(actorOf(req), req.params.id, req.body),
  );

  r.post('/incidents', { schema: { tags, body: createIncidentInput, response: { 201: incidentDetailSchema } } }, async (req, reply) =>
    reply.status(201).send(await incidents.createIncident(actorOf(req), req.body)),
  );
  r.get(
    '/incidents',
    { schema: { tags, querystring: listIncidentsFilter, response: { 200: z.object({ incidents: z.array(incidentSchema) }) } } },
    async (req) => ({
      incidents: await incidents.listIncidents(actorOf(req), req.query),
    }),
  );
  r.get('/incidents/:id', { schema: { tags, params: idParams, response: { 200: incidentDetailSchema } } }, async (req) =>
    incidents.getIncident(actorOf(req), req.params.id),
  );
  r.patch(
    '/incidents/:id',
    { schema: { tags, params: idParams, body: updateIncidentInput, response: { 200: incidentDetailSchema } } },
    async (req) => incidents.updateIncident(actorOf(req), req.params.id, req.body),
  );
  r.post(
    '/incidents/:id/status',
    { schema: { tags, params: idParams, body: changeStatusInput, response: { 200: incidentDetailSchema } } },
    async (req) => incidents.changeStatus(actorOf(req), req.params.id, req.body),
  );
  r.post(
    '/incidents/:id/timestamps',
    {
      schema: {
        tags,
        description: 'Sets one legal timestamp (aware_at starts every legal clock) with the reason.',
        params: idParams,
        body: setTimestampInput,
        response: { 200: incidentDetailSchema },
      },
    },
    async (req) => incidents.setTimestamp(actorOf(req), req.params.id, req.body),
  );

  r.get(
    '/incidents/:id/timeline',
    {
      schema: {
        tags,
        params: idParams,
        querystring: timelineFilter,
        response: { 200: z.object({ entries: z.array(timelineEntrySchema) }) },
      },
    },
    async (req) => ({
      entries: await incidents.listTimeline(actorOf(req), req.params.id, req.query),
    }),
  );
  r.post(
    '/incidents/:id/timeline',
    { schema: { tags, params: idParams, body: addTimelineInput, response: { 201: z.object({ id: z.string() }) } } },
    async (req, reply) => {
      const row = await incidents.addTimelineEntry(actorOf(req), req.params.id, req.body);
      return reply.status(201).send({ id: row.id });
    },
  );
  r.get(
    '/incidents/:id/timeline/export',
    { schema: { tags, params: idParams, querystring: timelineFilter.extend({ format: z.enum(['csv', 'md']).default('csv') }) } },
    async (req, reply) => {
      const actor = actorOf(req);
      const { format, ...filter } = req.query;
      const incident = await incidents.getIncident(actor, req.params.id);
      const entries = await incidents.listTimeline(actor, req.params.id, filter);
      const name = `${incident.ref}-timeline.${format}`;
      reply.header('content-disposition', `attachment; filename="${name}"`);
      reply.type(format === 'csv' ? 'text/csv; charset=utf-8' : 'text/markdown; charset=utf-8');
      return format === 'csv' ? timelineToCsv(entries) : timelineToMarkdown(`${incident.ref} ${incident.title}`, entries);
    },
  );
}
