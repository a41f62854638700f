import { AppError } from '../../core/errors.js';
import { type Permission, permissions, type Role, type TokenScope } from '../../contract/roles.js';

export { type Permission, permissions, type Role, roles, type TokenScope } from '../../contract/roles.js';

/** Who is acting. Services receive this as their first argument and authorize before anything else. */
export type Actor = { kind: 'user'; userId: string; email: string; role: Role; scope: TokenScope } | { kind: 'system'; label: string };

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
