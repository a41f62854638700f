/**
 * Enumerations and human labels used in forms. Copied from the server's schemas (incidents.schemas.ts,
 * tasks.service.ts, checklist.service.ts, evidence.service.ts) rather than imported, because those
 * modules pull zod into the browser bundle; the server still validates every value.
 */
import { roles } from '../../src/contract/roles.js';

export { roles };

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
export type TimestampField = (typeof timestampFields)[number];
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
export const confidenceLevels = ['unknown', 'low', 'medium', 'high', 'confirmed'] as const;
export const taskStatuses = ['open', 'in_progress', 'blocked', 'done', 'cancelled'] as const;
export const custodyActions = ['transferred', 'copied', 'verified', 'note'] as const;

/** Mirrors countermeasureTransitions in tasks.service.ts: planned → active → pending_removal → removed. */
export const countermeasureTransitions: Record<string, readonly string[]> = {
  planned: ['active', 'removed'],
  active: ['pending_removal'],
  pending_removal: ['active', 'removed'],
  removed: [],
};

const specialLabels: Record<string, string> = {
  customer_call: 'Customer call',
  law_enforcement: 'Law enforcement',
  confirmed_breach: 'Confirmed breach',
  not_a_breach: 'Not a breach',
  not_incident: 'Not an incident',
  in_progress: 'In progress',
  pending_removal: 'Pending removal',
  occurred_from: 'Occurred from',
  occurred_to: 'Occurred to',
  discovered_at: 'Discovered',
  aware_at: 'Aware',
  contained_at: 'Contained',
  closed_at: 'Closed',
};

/** "in_progress" → "In progress": enum values shown to people, never raw snake_case. */
export function label(value: string): string {
  const special = specialLabels[value];
  if (special) return special;
  const spaced = value.replaceAll('_', ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** Options for a NativeSelect/Select from an enum. */
export const optionsOf = (values: readonly string[]) => values.map((value) => ({ value, label: label(value) }));

export const severityColor: Record<string, string> = { low: 'gray', medium: 'yellow', high: 'orange', critical: 'red' };

export const statusColor: Record<string, string> = {
  reported: 'blue',
  investigating: 'indigo',
  confirmed_breach: 'red',
  not_a_breach: 'gray',
  contained: 'orange',
  notifying: 'grape',
  recovering: 'teal',
  closed: 'dark',
};
