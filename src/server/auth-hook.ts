import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.js';
import type { Actor } from '../modules/auth/auth.permissions.js';
import type { AuthService } from '../modules/auth/auth.service.js';

export const SESSION_COOKIE = 'bd_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    csrfToken: string | null;
  }
}

/**
 * Resolves the caller from a Bearer API token or the session cookie. Cookie-authenticated writes must
 * carry the session's CSRF token in the x-csrf-token header (synchronizer token pattern); token
 * requests need none because browsers never attach Authorization headers on their own.
 */
export function registerAuthHook(app: FastifyInstance, auth: AuthService) {
  app.decorateRequest('actor', null);
  app.decorateRequest('csrfToken', null);
  app.addHook('preHandler', async (request) => {
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      request.actor = await auth.authenticateApiToken(header.slice(7).trim());
      if (!request.actor) throw new AppError('UNAUTHENTICATED', 'The API token is invalid, expired or revoked');
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (!cookie) return;
    const session = await auth.authenticateSession(cookie);
    if (!session) return;
    if (!SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== session.csrfToken) {
      throw new AppError('FORBIDDEN', 'Missing or wrong CSRF token (x-csrf-token header)');
    }
    request.actor = session.actor;
    request.csrfToken = session.csrfToken;
  });
}

/** The authenticated actor, or 401. Authorization itself happens in the service. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', 'Sign in or send an API token (Authorization: Bearer …)');
  return request.actor;
}
