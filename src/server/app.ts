import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../composition.js';
import { pingDatabase } from '../db/database.js';
import { auditRoutes } from '../modules/audit/audit.routes.js';
import { authRoutes } from '../modules/auth/auth.routes.js';
import { checklistRoutes } from '../modules/checklist/checklist.routes.js';
import { customerRoutes } from '../modules/customers/customers.routes.js';
import { decisionRoutes } from '../modules/decisions/decisions.routes.js';
import { evidenceRoutes } from '../modules/evidence/evidence.routes.js';
import { incidentRoutes } from '../modules/incidents/incidents.routes.js';
import { scopingRoutes } from '../modules/scoping/scoping.routes.js';
import { obligationRoutes } from '../modules/obligations/obligations.routes.js';
import { taskRoutes } from '../modules/tasks/tasks.routes.js';
import { registerAuthHook } from './auth-hook.js';
import { errorHandler } from './errors.js';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');

/**
 * Server log settings. Request logs carry the method and the route *pattern* (never the raw URL, whose
 * query string could hold an email), the status and timing; no bodies, headers or client addresses.
 */
export function loggerOptions(level: string) {
  return {
    level,
    serializers: {
      req: (req: FastifyRequest) => ({ method: req.method, route: req.routeOptions?.url ?? 'unmatched', id: req.id }),
      res: (res: FastifyReply) => ({ statusCode: res.statusCode }),
    },
  };
}

/**
 * Builds the HTTP app (API, OpenAPI docs, admin SPA) over already wired services. Tests call this and
 * use app.inject(); `breachdesk serve` calls it and listens.
 */
export async function buildApp(services: Services, opts: { logger?: boolean | object } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    // Request ids appear in every error body so users can quote them to the administrator.
    genReqId: () => crypto.randomUUID(),
    trustProxy: services.config.trustProxy,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);

  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyMultipart, { limits: { fileSize: services.config.maxUploadBytes, files: 1, fields: 5 } });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Breachdesk API',
        version: '0.1.0',
        description:
          'Data-breach response platform. Authenticate with a session cookie (+ x-csrf-token on writes) or Authorization: Bearer <API token>.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  // The admin API is one encapsulated scope under /api: the session/token hook and CSRF check live only
  // here, so public pages (registered beside it) never see admin cookies and get their own hooks and limits.
  await app.register(async (api) => adminApi(api, services), { prefix: '/api' });

  const hasWeb = existsSync(path.join(WEB_DIST, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: 'index.html' });

  // Unknown API paths get a JSON 404; any other path is a client-side route of the admin SPA.
  app.setNotFoundHandler({ preHandler: app.rateLimit({ max: 300, timeWindow: '1 minute' }) }, (request, reply) => {
    if (request.url.startsWith('/api/') || !hasWeb || request.method !== 'GET') {
      return reply.status(404).send({
        error: {
          code: 'NOT_FOUND',
          message: `No route ${request.method} ${request.url.split('?')[0]}`,
          details: null,
          request_id: request.id,
        },
      });
    }
    return reply.sendFile('index.html');
  });
  return app;
}

/** The admin API: auth hook, health, the OpenAPI document and each module's routes as its own encapsulated plugin. */
async function adminApi(api: FastifyInstance, services: Services) {
  registerAuthHook(api, services.auth);
  api.withTypeProvider<ZodTypeProvider>().get(
    '/health',
    {
      schema: {
        tags: ['system'],
        security: [],
        response: { 200: z.object({ status: z.literal('ok') }), 503: z.object({ status: z.literal('unavailable') }) },
      },
    },
    async (_req, reply) => {
      try {
        await pingDatabase(services.db);
        return { status: 'ok' as const };
      } catch {
        return reply.status(503).send({ status: 'unavailable' as const });
      }
    },
  );
  api.get('/openapi.json', { schema: { hide: true } }, async () => api.swagger());

  await api.register(authRoutes, { auth: services.auth, secureCookies: services.config.secureCookies });
  await api.register(auditRoutes, { audit: services.audit });
  await api.register(incidentRoutes, { incidents: services.incidents });
  await api.register(checklistRoutes, { checklist: services.checklist });
  await api.register(decisionRoutes, { decisions: services.decisions });
  await api.register(taskRoutes, { tasks: services.tasks });
  await api.register(evidenceRoutes, { evidence: services.evidence });
  await api.register(obligationRoutes, { obligations: services.obligations });
  await api.register(customerRoutes, { customers: services.customers });
  await api.register(scopingRoutes, { scoping: services.scoping });
}
