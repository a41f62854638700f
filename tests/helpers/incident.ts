import type { FastifyInstance } from 'fastify';
import { as, type Session } from './http.js';

/** Opens an incident through the API as `session` (a lead or admin) and returns its id. */
export async function openIncident(app: FastifyInstance, session: Session, title = 'Storefront leak'): Promise<string> {
  const res = await as(app, session)({ method: 'POST', url: '/api/incidents', payload: { title } });
  if (res.statusCode !== 201) throw new Error(`could not open incident: ${res.body}`);
  return res.json<{ id: string }>().id;
}
