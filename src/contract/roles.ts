/** Roles, token scopes and the role × action table, shared by the server and the admin UI (zod-free). */
export const roles = ['admin', 'lead', 'legal', 'comms', 'support', 'engineer', 'viewer'] as const;
export type Role = (typeof roles)[number];

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
