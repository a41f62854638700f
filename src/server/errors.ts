import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, errorCodes } from '../core/errors.js';

type Issue = { path: string; message: string };

function validationIssues(error: FastifyError): Issue[] {
  return (error.validation ?? []).map((v) => {
    const params = v.params as { issue?: { path?: Array<string | number> } } | undefined;
    const zodPath = params?.issue?.path;
    const path = zodPath?.length ? zodPath.join('.') : (v.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
    const where = error.validationContext ? `${error.validationContext}${path ? '.' : ''}` : '';
    return { path: `${where}${path}` || '(root)', message: v.message ?? 'invalid' };
  });
}

/** PostgreSQL 23505 or SQLite's UNIQUE/PRIMARY KEY constraint codes. */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * The one error handler: AppError codes map to their status; validation errors answer 400 with field
 * paths; everything else is logged with the request id and answered with a generic 500 (no stack, no SQL).
 */
export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const requestId = request.id;
  if (error instanceof AppError) {
    return reply
      .status(errorCodes[error.code])
      .send({ error: { code: error.code, message: error.message, details: error.details ?? null, request_id: requestId } });
  }
  if (error.validation) {
    const details = validationIssues(error);
    return reply.status(400).send({
      error: {
        code: 'VALIDATION',
        message: `Invalid input: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`,
        details,
        request_id: requestId,
      },
    });
  }
  if (error.code === 'FST_REQ_FILE_TOO_LARGE' || error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.statusCode === 413) {
    return reply
      .status(413)
      .send({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large', details: null, request_id: requestId } });
  }
  if (error.statusCode === 429) {
    return reply.status(429).send({
      error: {
        code: 'TOO_MANY_REQUESTS',
        message: 'Too many requests; slow down and try again shortly',
        details: null,
        request_id: requestId,
      },
    });
  }
  if (isUniqueViolation(error)) {
    // Two concurrent requests created the same thing; the loser gets a retryable conflict, not a 500.
    return reply.status(409).send({
      error: {
        code: 'CONFLICT',
        message: 'A conflicting change was saved at the same moment; reload and try again',
        details: null,
        request_id: requestId,
      },
    });
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    // Fastify's own client errors (bad JSON, wrong content type): safe to describe, never internals.
    // Each code keeps its one status, so anything but a 404 is answered as a 400 VALIDATION error.
    const isNotFound = error.statusCode === 404;
    return reply.status(isNotFound ? 404 : 400).send({
      error: { code: isNotFound ? 'NOT_FOUND' : 'VALIDATION', message: error.message, details: null, request_id: requestId },
    });
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply.status(500).send({
    error: {
      code: 'INTERNAL',
      message: 'Something went wrong on our side; the request id helps the administrator find it in the log',
      details: null,
      request_id: requestId,
    },
  });
}
