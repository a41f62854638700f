import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import { conflict, invalid, notFound } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Db } from '../../db/database.js';
import { updateVersioned } from '../../db/versioned.js';
import type { AuditService } from '../audit/audit.service.js';
import { type Actor, actorId, authorize, requireUserId } from '../auth/auth.permissions.js';
import type { IncidentLink } from '../incidents/incidents.service.js';
import type { MailMessage } from '../mail/mail.service.js';
import type { Executor } from '../../db/database.js';
import * as repo from './tasks.repository.js';

export const taskStatuses = ['open', 'in_progress', 'blocked', 'done', 'cancelled'] as const;
export const countermeasureStatuses = ['planned', 'active', 'pending_removal', 'removed'] as const;
type CountermeasureStatus = (typeof countermeasureStatuses)[number];

/** Countermeasure lifecycle (as in RTIR): a measure is planned, put in place, then deliberately removed. */
export const countermeasureTransitions: Record<CountermeasureStatus, readonly CountermeasureStatus[]> = {
  planned: ['active', 'removed'],
  active: ['pending_removal'],
  pending_removal: ['active', 'removed'],
  removed: [],
};

const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString());

export const createTaskInput = z.object({
  title: z.string().trim().min(1).max(500),
  owner_id: z.uuid().nullable().default(null),
  due_at: instant.nullable().default(null),
});
export const updateTaskInput = z.object({
  version: z.number().int().min(1),
  title: z.string().trim().min(1).max(500).optional(),
  owner_id: z.uuid().nullable().optional(),
  due_at: instant.nullable().optional(),
  status: z.enum(taskStatuses).optional(),
});
export const createCountermeasureInput = z.object({
  title: z.string().trim().min(1).max(500),
  description: z.string().trim().max(20_000).default(''),
  owner_id: z.uuid().nullable().default(null),
  status: z.enum(['planned', 'active']).default('planned'),
});
export const transitionCountermeasureInput = z.object({
  version: z.number().int().min(1),
  status: z.enum(countermeasureStatuses),
  note: z.string().trim().max(5000).default(''),
});

export type TaskService = ReturnType<typeof createTaskService>;

/** Tasks (owner, due date, status) and containment countermeasures with their lifecycle. */
export function createTaskService(deps: {
  db: Db;
  clock: Clock;
  audit: AuditService;
  incidents: IncidentLink;
  enqueueMail: (message: MailMessage, executor?: Executor) => Promise<void>;
  publicUrl: string;
}) {
  const { db, clock, audit, incidents } = deps;

  /** Queues an email to a task's new owner in the same transaction (outbox), unless they assigned it to themselves. */
  async function notifyOwner(
    trx: Executor,
    actor: Actor,
    incidentId: string,
    task: { title: string; owner_id: string | null; due_at: string | null },
  ) {
    if (!task.owner_id || task.owner_id === actorId(actor)) return;
    const owner = await repo.getUserEmail(trx, task.owner_id);
    const incident = await incidents.requireIncident(trx, incidentId);
    await deps.enqueueMail(
      {
        to: owner.email,
        subject: `[${incident.ref}] Task assigned to you: ${task.title}`,
        text: [
          `${actor.kind === 'user' ? actor.email : 'Breachdesk'} assigned you a task in incident ${incident.ref} (${incident.title}).`,
          '',
          `Task: ${task.title}`,
          `Due: ${task.due_at ?? 'no due date'}`,
          '',
          `Open the incident: ${deps.publicUrl}/incidents/${incident.id}`,
        ].join('\n'),
      },
      trx,
    );
  }

  const now = () => clock.now().toISOString();

  async function requireUser(id: string | null | undefined) {
    if (!id) return;
    const user = await repo.findUserId(db, id);
    if (!user) throw invalid('Unknown owner', [{ path: 'owner_id', message: 'no such user' }]);
  }

  async function listTasks(actor: Actor, incidentId: string) {
    authorize(actor, 'incident.read');
    await incidents.requireIncident(db, incidentId);
    return repo.listTasksOfIncident(db, incidentId);
  }

  async function getTask(incidentId: string, id: string) {
    const task = await repo.findTask(db, id);
    if (!task || task.incident_id !== incidentId) throw notFound('Task');
    return task;
  }

  async function createTask(actor: Actor, incidentId: string, input: z.infer<typeof createTaskInput>) {
    authorize(actor, 'task.write');
    await requireUser(input.owner_id);
    const at = now();
    const row = {
      id: newId(),
      incident_id: incidentId,
      title: input.title,
      owner_id: input.owner_id,
      due_at: input.due_at,
      status: 'open',
      created_by: requireUserId(actor),
      created_at: at,
      updated_at: at,
      version: 1,
    };
    await db.transaction().execute(async (trx) => {
      await incidents.requireIncident(trx, incidentId);
      await repo.insertTask(trx, row);
      await incidents.appendAutomatic(trx, actor, incidentId, 'task', `Task created: ${row.title}`);
      await audit.record(trx, actor, { action: 'task.create', entityType: 'task', entityId: row.id, incidentId, after: row });
      await notifyOwner(trx, actor, incidentId, row);
    });
    return getTask(incidentId, row.id);
  }

  async function updateTask(actor: Actor, incidentId: string, id: string, input: z.infer<typeof updateTaskInput>) {
    authorize(actor, 'task.write');
    const before = await getTask(incidentId, id);
    await requireUser(input.owner_id);
    const { version, ...patch } = input;
    await db.transaction().execute(async (trx) => {
      await updateVersioned(trx, 'tasks', id, version, { ...patch, updated_at: now() });
      if (patch.status && patch.status !== before.status)
        await incidents.appendAutomatic(trx, actor, incidentId, 'task', `Task "${before.title}" is now ${patch.status.replace('_', ' ')}`);
      await audit.record(trx, actor, {
        action: 'task.update',
        entityType: 'task',
        entityId: id,
        incidentId,
        before: { title: before.title, owner_id: before.owner_id, due_at: before.due_at, status: before.status },
        after: patch,
      });
      if (patch.owner_id !== undefined && patch.owner_id !== before.owner_id) {
        await notifyOwner(trx, actor, incidentId, {
          title: patch.title ?? before.title,
          owner_id: patch.owner_id,
          due_at: patch.due_at !== undefined ? patch.due_at : before.due_at,
        });
      }
    });
    return getTask(incidentId, id);
  }

  async function listCountermeasures(actor: Actor, incidentId: string) {
    authorize(actor, 'incident.read');
    await incidents.requireIncident(db, incidentId);
    return repo.listCountermeasuresOfIncident(db, incidentId);
  }

  async function getCountermeasure(incidentId: string, id: string) {
    const row = await repo.findCountermeasure(db, id);
    if (!row || row.incident_id !== incidentId) throw notFound('Countermeasure');
    return row;
  }

  async function createCountermeasure(actor: Actor, incidentId: string, input: z.infer<typeof createCountermeasureInput>) {
    authorize(actor, 'countermeasure.write');
    await requireUser(input.owner_id);
    const at = now();
    const row = {
      id: newId(),
      incident_id: incidentId,
      title: input.title,
      description: input.description,
      status: input.status,
      owner_id: input.owner_id,
      created_by: requireUserId(actor),
      created_at: at,
      updated_at: at,
      version: 1,
    };
    await db.transaction().execute(async (trx) => {
      await incidents.requireIncident(trx, incidentId);
      await repo.insertCountermeasure(trx, row);
      await incidents.appendAutomatic(trx, actor, incidentId, 'containment', `Countermeasure ${row.status}: ${row.title}`);
      await audit.record(trx, actor, {
        action: 'countermeasure.create',
        entityType: 'countermeasure',
        entityId: row.id,
        incidentId,
        after: { title: row.title, status: row.status },
      });
    });
    return getCountermeasure(incidentId, row.id);
  }

  async function transitionCountermeasure(
    actor: Actor,
    incidentId: string,
    id: string,
    input: z.infer<typeof transitionCountermeasureInput>,
  ) {
    authorize(actor, 'countermeasure.write');
    const before = await getCountermeasure(incidentId, id);
    const from = before.status as CountermeasureStatus;
    if (!countermeasureTransitions[from].includes(input.status)) {
      throw conflict(
        `A ${from.replace('_', ' ')} countermeasure cannot become ${input.status.replace('_', ' ')}; allowed: ${countermeasureTransitions[from].join(', ') || 'none'}`,
      );
    }
    await db.transaction().execute(async (trx) => {
      await updateVersioned(trx, 'countermeasures', id, input.version, { status: input.status, updated_at: now() });
      await incidents.appendAutomatic(
        trx,
        actor,
        incidentId,
        'containment',
        `Countermeasure "${before.title}": ${from.replace('_', ' ')} → ${input.status.replace('_', ' ')}${input.note ? ` (${input.note})` : ''}`,
      );
      await audit.record(trx, actor, {
        action: 'countermeasure.transition',
        entityType: 'countermeasure',
        entityId: id,
        incidentId,
        before: { status: from },
        after: { status: input.status },
        details: { note: input.note },
      });
    });
    return getCountermeasure(incidentId, id);
  }

  return { listTasks, createTask, updateTask, listCountermeasures, createCountermeasure, transitionCountermeasure };
}
