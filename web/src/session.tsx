/**
 * The signed-in user. The session query is the single source of truth: null means signed out, and the
 * CSRF token from it is handed to the API client (memory only) for every write.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, setCsrfToken } from './api';
import { permissions, type Permission } from '../../src/contract/roles.js';
import { SESSION_KEY } from './queries';
import type { Role, Session } from './types';

async function fetchSession(): Promise<Session | null> {
  try {
    const session = await api.get<Session>('/api/auth/session');
    setCsrfToken(session.csrf_token);
    return session;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw err;
  }
}

export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 60_000 });
}

/** Stores a fresh session after login so the app switches to signed-in without another round trip. */
export function useSetSession() {
  const client = useQueryClient();
  return (session: Session | null) => {
    setCsrfToken(session?.csrf_token ?? null);
    if (session === null) client.clear();
    client.setQueryData(SESSION_KEY, session);
  };
}

/**
 * Whether a role may do something, from the server's own permission table. Used only to hide buttons
 * the user cannot use; the server still decides, and a 403 is shown like any other error.
 */
export function roleCan(role: Role | undefined, action: Permission): boolean {
  if (!role) return false;
  return (permissions[action].roles as readonly Role[]).includes(role);
}

/** The current user's permission check, for components inside the signed-in layout. */
export function useCan(): (action: Permission) => boolean {
  const { data } = useSession();
  return (action) => roleCan(data?.user.role, action);
}
