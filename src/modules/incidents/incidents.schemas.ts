import { z } from 'zod';

export const reportSources = ['customer_call', 'email', 'researcher', 'monitoring', 'law_enforcement', 'other'] as const;
export const incidentKinds = ['real', 'drill'] as const;
export const severities = ['low', 'medium', 'high', 'critical'] as const;
export const incidentStatuses = [
  'reported',
  'investigating',
  'confirmed_breach',
  'not_a_breach',
  'contained',
  'notifying',
  'recovering',
  'closed',
] as const;
export const timestampFields = ['occurred_from', 'occurred_to', 'discovered_at', 'aware_at', 'contained_at', 'closed_at'] as const;
export type IncidentStatus = (typeof incidentStatuses)[number];
export type TimestampField = (typeof timestampFields)[number];

/**
 * Allowed status moves. Notification may start before containment is complete, so confirmed_breach,
 * contained and notifying can follow each other; a closed or dismissed incident can be reopened.
 */
export const statusTransitions: Record<IncidentStatus, readonly IncidentStatus[]> = {
  reported: ['investigating', 'not_a_breach'],
  investigating: ['confirmed_breach', 'not_a_breach'],
  confirmed_breach: ['contained', 'notifying'],
  not_a_breach: ['closed', 'investigating'],
  contained: ['notifying', 'recovering'],
  notifying: ['contained', 'recovering'],
  recovering: ['closed'],
  closed: ['investigating'],
};

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString());
export const timeZone = z.string().max(64).refine(isTimeZone, 'unknown IANA time zone (e.g. Europe/Berlin, America/New_York, UTC)');
export const text = (max: number) => z.string().trim().max(max);
export const id = z.uuid();
export const version = z.number().int().min(1);

export const createReportInput = z.object({
  source: z.enum(reportSources),
  reporter_name: text(200).optional(),
  reporter_contact: text(500).optional().describe('email, phone or address of the reporter (encrypted at rest)'),
  observed: text(20_000).min(1).describe('what they saw, in their words'),
  reported_at: instant.optional().describe('when the report came in; defaults to now'),
  reporter_tz: timeZone.default('UTC'),
});

export const triageReportInput = z.discriminatedUnion('outcome', [
  z.object({
    outcome: z.literal('incident'),
    version,
    title: text(200).min(1),
    severity: z.enum(severities).default('high'),
    kind: z.enum(incidentKinds).default('real'),
    aware_at: instant.optional().describe('when the organisation became aware; defaults to the report time'),
  }),
  z.object({ outcome: z.literal('not_incident'), version, reason: text(5000).min(1) }),
  z.object({ outcome: z.literal('attach'), version, incident_id: id }),
]);

export const createIncidentInput = z.object({
  title: text(200).min(1),
  summary: text(20_000).default(''),
  kind: z.enum(incidentKinds).default('real'),
  severity: z.enum(severities).default('high'),
  aware_at: instant.optional(),
  discovered_at: instant.optional(),
  occurred_from: instant.optional(),
  occurred_to: instant.optional(),
});

export const updateIncidentInput = z.object({
  version,
  title: text(200).min(1).optional(),
  summary: text(20_000).optional(),
  severity: z.enum(severities).optional(),
  kind: z.enum(incidentKinds).optional(),
});

export const changeStatusInput = z.object({ version, status: z.enum(incidentStatuses), reason: text(5000).min(1) });

export const setTimestampInput = z.object({
  version,
  field: z.enum(timestampFields),
  value: instant.nullable(),
  reason: text(5000).min(1).describe('why this time is right (source of the fact)'),
});

export const timelineCategories = [
  'detection',
  'containment',
  'investigation',
  'communication',
  'decision',
  'status',
  'task',
  'evidence',
  'other',
] as const;

export const addTimelineInput = z.object({
  event_at: instant,
  event_tz: timeZone.default('UTC'),
  category: z.enum(timelineCategories).default('other'),
  text: text(20_000).min(1),
});

export const timelineFilter = z.object({
  kind: z.enum(['manual', 'automatic']).optional(),
  category: z.enum(timelineCategories).optional(),
  from: instant.optional(),
  to: instant.optional(),
});

export const listIncidentsFilter = z.object({
  status: z.enum(incidentStatuses).optional(),
  kind: z.enum(incidentKinds).optional(),
});

export type CreateReportInput = z.infer<typeof createReportInput>;
export type TriageReportInput = z.infer<typeof triageReportInput>;
export type CreateIncidentInput = z.infer<typeof createIncidentInput>;
export type UpdateIncidentInput = z.infer<typeof updateIncidentInput>;
export type ChangeStatusInput = z.infer<typeof changeStatusInput>;
export type SetTimestampInput = z.infer<typeof setTimestampInput>;
export type AddTimelineInput = z.infer<typeof addTimelineInput>;
export type TimelineFilter = z.infer<typeof timelineFilter>;
