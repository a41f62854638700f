import { AppError } from '../../core/errors.js';

export const roles = ['admin', 'lead', 'legal', 'comms', 'support', 'engineer', 'viewer'] as const;
export type Role = (typeof roles)[number];

/** Who is acting. Services receive this as their first argument and authorize before anything else. */
export type Actor = { kind: 'user'; userId: string; email: string; role: Role; scope: TokenScope } | { kind: 'system'; label: string };

/** `full` = a browser session or a read-write token; `read` = a read-only API token. */
export type TokenScope = 'full' | 'read';

/**
 * Every action a service checks, with the roles allowed to do it. `write: false` actions are also
 * allowed to read-only API tokens. This table is the single source for docs/user-guide.md#roles.
 */
export const permissions = {
  'incident.read': { write: false, roles: ['admin', 'lead', 'legal', 'comms', 'support', 'engineer', 'viewer'] },
  'incident.create': { write: true, roles: ['admin', 'lead'] },
  'incident.update': { write: true, roles: ['admin', 'lead'] },
  'report.create': { write: true, roles: ['admin', 'lead', 'legal', 'comms', 'support', 'engineer'] },
  'report.triage': { write: true, roles: ['admin', 'lead'] },
  'report.read_contact': { write: false, roles: ['admin', 'lead', 'legal', 'support'] },
  'timeline.write': { write: true, roles: ['admin', 'lead', 'legal', 'comms', 'support', 'engineer'] },
  'checklist.answer': { write: true, roles: ['admin', 'lead', 'legal', 'engineer'] },
  'decision.propose': { write: true, roles: ['admin', 'lead', 'legal', 'comms', 'engineer'] },
  'decision.approve': { write: true, roles: ['admin', 'lead'] },
  'task.write': { write: true, roles: ['admin', 'lead', 'legal', 'comms', 'support', 'engineer'] },
  'countermeasure.write': { write: true, roles: ['admin', 'lead', 'engineer'] },
  'evidence.upload': { write: true, roles: ['admin', 'lead', 'legal', 'comms', 'engineer'] },
  'evidence.download': { write: false, roles: ['admin', 'lead', 'legal', 'engineer'] },
  'audit.read': { write: false, roles: ['admin', 'lead', 'legal'] },
  'user.manage': { write: true, roles: ['admin'] },
  'user.list': { write: false, roles: ['admin', 'lead', 'legal', 'comms', 'support', 'engineer', 'viewer'] },
  'obligation.facts': { write: true, roles: ['admin', 'lead', 'legal'] },
  'obligation.recompute': { write: true, roles: ['admin', 'lead', 'legal', 'comms', 'support', 'engineer'] },
  'obligation.decide': { write: true, roles: ['admin', 'lead', 'legal'] },
  'obligation.file': { write: true, roles: ['admin', 'lead', 'legal', 'comms'] },
  'demo.seed': { write: true, roles: ['admin'] },
  'customer.import': { write: true, roles: ['admin', 'lead'] },
  /** Decrypted customer contact data (person search, unmatched individuals, review records). */
  'customer.read': { write: false, roles: ['admin', 'lead', 'legal', 'support'] },
  'scoping.run': { write: true, roles: ['admin', 'lead', 'legal', 'engineer'] },
  /** Register counts, files, classifications: customer references and data types, no contact data. */
  'scoping.read': { write: false, roles: ['admin', 'lead', 'legal', 'comms', 'support', 'engineer', 'viewer'] },
  'scoping.review': { write: true, roles: ['admin', 'lead', 'legal', 'engineer'] },
} as const satisfies Record<string, { write: boolean; roles: readonly Role[] }>;

export type Permission = keyof typeof permissions;

/** True when the actor may perform `action`. The system actor (CLI maintenance, workers) may do anything. */
export function can(actor: Actor, action: Permission): boolean {
  if (actor.kind === 'system') return true;
  const rule = permissions[action];
  if (rule.write && actor.scope === 'read') return false;
  return (rule.roles as readonly Role[]).includes(actor.role);
}

/** First line of every service method. */
export function authorize(actor: Actor, action: Permission): void {
  if (!can(actor, action)) {
    throw new AppError('FORBIDDEN', `Your role may not perform ${action}`);
  }
}

export const actorId = (actor: Actor) => (actor.kind === 'user' ? actor.userId : null);
/** For records that name a person (answers, approvals, uploads): system actors cannot make them. */
export function requireUserId(actor: Actor): string {
  if (actor.kind !== 'user') throw new AppError('FORBIDDEN', 'This action must be done by a signed-in user, not by a system process');
  return actor.userId;
}

export const actorLabel = (actor: Actor) => (actor.kind === 'user' ? actor.email : `system:${actor.label}`);

/** The actor used by `breachdesk` CLI maintenance commands run by the machine's operator. */
export const cliOperator = (label = 'cli'): Actor => ({ kind: 'system', label });
