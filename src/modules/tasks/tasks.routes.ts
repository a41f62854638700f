import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../server/auth-hook.js';
import {
  createCountermeasureInput,
  createTaskInput,
  type TaskService,
  transitionCountermeasureInput,
  updateTaskInput,
} from './tasks.service.js';

const taskSchema = z.object({
  id: z.string(),
  incident_id: z.string(),
  title: z.string(),
  owner_id: z.string().nullable(),
  owner_email: z.string().nullable(),
  due_at: z.string().nullable(),
  status: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  version: z.number(),
});
const countermeasureSchema = z.object({
  id: z.string(),
  incident_id: z.string(),
  title: z.string(),
  description: z.string(),
  status: z.string(),
  owner_id: z.string().nullable(),
  owner_email: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  version: z.number(),
});
const incidentParams = z.object({ id: z.uuid() });
const itemParams = z.object({ id: z.uuid(), itemId: z.uuid() });

export async function taskRoutes(app: FastifyInstance, deps: { tasks: TaskService }) {
  const { tasks } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/incidents/:id/tasks',
    { schema: { tags: ['tasks'], params: incidentParams, response: { 200: z.object({ tasks: z.array(taskSchema) }) } } },
    async (req) => ({
      tasks: await tasks.listTasks(actorOf(req), req.params.id),
    }),
  );
  r.post(
    '/incidents/:id/tasks',
    { schema: { tags: ['tasks'], params: incidentParams, body: createTaskInput, response: { 201: taskSchema } } },
    async (req, reply) => reply.status(201).send(await tasks.createTask(actorOf(req), req.params.id, req.body)),
  );
  r.patch(
    '/incidents/:id/tasks/:itemId',
    { schema: { tags: ['tasks'], params: itemParams, body: updateTaskInput, response: { 200: taskSchema } } },
    async (req) => tasks.updateTask(actorOf(req), req.params.id, req.params.itemId, req.body),
  );
  r.get(
    '/incidents/:id/countermeasures',
    {
      schema: {
        tags: ['containment'],
        params: incidentParams,
        response: { 200: z.object({ countermeasures: z.array(countermeasureSchema) }) },
      },
    },
    async (req) => ({
      countermeasures: await tasks.listCountermeasures(actorOf(req), req.params.id),
    }),
  );
  r.post(
    '/incidents/:id/countermeasures',
    { schema: { tags: ['containment'], params: incidentParams, body: createCountermeasureInput, response: { 201: countermeasureSchema } } },
    async (req, reply) => reply.status(201).send(await tasks.createCountermeasure(actorOf(req), req.params.id, req.body)),
  );
  r.post(
    '/incidents/:id/countermeasures/:itemId/transition',
    {
      schema: {
        tags: ['containment'],
        description: 'planned → active → pending_removal → removed',
        params: itemParams,
        body: transitionCountermeasureInput,
        response: { 200: countermeasureSchema },
      },
    },
    async (req) => tasks.transitionCountermeasure(actorOf(req), req.params.id, req.params.itemId, req.body),
  );
}
