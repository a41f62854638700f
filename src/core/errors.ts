/**
 * The one error type services throw. Each code is stable (clients and tests match on it) and maps to
 * exactly one HTTP status in `httpStatusByCode`.
 */
export const errorCodes = {
  /** Input failed validation; `details` lists the field paths. */
  VALIDATION: 400,
  /** No valid session or token. */
  UNAUTHENTICATED: 401,
  /** Authenticated, but the role or token scope does not allow the action. */
  FORBIDDEN: 403,
  /** The record does not exist (or the caller may not know it exists). */
  NOT_FOUND: 404,
  /** Optimistic-concurrency clash or a state transition that is not allowed from the current state. */
  CONFLICT: 409,
  /** Upload larger than BREACHDESK_MAX_UPLOAD_MB. */
  PAYLOAD_TOO_LARGE: 413,
  /** Account temporarily locked after repeated failed logins, or rate limit hit. */
  TOO_MANY_REQUESTS: 429,
  /** Anything unexpected; details are logged, never returned. */
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof errorCodes;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
export const conflict = (message: string, details?: unknown) => new AppError('CONFLICT', message, details);
export const forbidden = (message = 'You are not allowed to do this') => new AppError('FORBIDDEN', message);
export const invalid = (message: string, details?: unknown) => new AppError('VALIDATION', message, details);
