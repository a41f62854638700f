/**
 * The one place the UI talks HTTP. Every response error becomes an ApiError carrying the server's
 * stable error code, so components can react to UNAUTHENTICATED/CONFLICT/etc. without parsing text.
 */

export type FieldIssue = { path: string; message: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
    readonly requestId: string | null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Validation errors list the offending fields; other codes may carry an object (e.g. totp_required). */
  get fieldIssues(): FieldIssue[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.filter(
      (d): d is FieldIssue =>
        typeof d === 'object' && d !== null && typeof (d as FieldIssue).path === 'string' && typeof (d as FieldIssue).message === 'string',
    );
  }

  /** True when the server flagged that the account needs a TOTP code to sign in. */
  get totpRequired(): boolean {
    return (
      typeof this.details === 'object' && this.details !== null && (this.details as { totp_required?: unknown }).totp_required === true
    );
  }
}

// The CSRF token lives only in memory (never localStorage) so a script injected elsewhere cannot lift it from storage.
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

type ErrorBody = { error?: { code?: unknown; message?: unknown; details?: unknown; request_id?: unknown } };

async function toApiError(res: Response): Promise<ApiError> {
  let body: ErrorBody | null = null;
  try {
    body = (await res.json()) as ErrorBody;
  } catch {
    // Non-JSON error (proxy page, empty body): fall back to the HTTP status below.
  }
  const e = body?.error;
  return new ApiError(
    res.status,
    typeof e?.code === 'string' ? e.code : `HTTP_${res.status}`,
    typeof e?.message === 'string' ? e.message : `Request failed with HTTP ${res.status} ${res.statusText}`,
    e?.details ?? null,
    typeof e?.request_id === 'string' ? e.request_id : null,
  );
}

async function request<T>(method: string, path: string, init: { json?: unknown; form?: FormData } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let body: BodyInit | undefined;
  if (init.form) {
    body = init.form; // the browser sets the multipart boundary itself
  } else if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  }
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body, credentials: 'same-origin' });
  } catch (err) {
    throw new ApiError(0, 'NETWORK', `Cannot reach the server (${err instanceof Error ? err.message : 'network error'})`, null, null);
  }
  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, json: unknown = {}) => request<T>('POST', path, { json }),
  put: <T>(path: string, json: unknown) => request<T>('PUT', path, { json }),
  patch: <T>(path: string, json: unknown) => request<T>('PATCH', path, { json }),
  delete: <T>(path: string) => request<T>('DELETE', path),
  upload: <T>(path: string, form: FormData) => request<T>('POST', path, { form }),
};

/** Builds a path with a query string, dropping empty values so filters stay optional. */
export function withQuery(path: string, query: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}
