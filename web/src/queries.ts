/**
 * React Query glue. Query keys are the API path itself (['api', path]) so invalidating "everything under
 * /api/incidents/:id" after a write is a prefix match, and a page never shows stale data from a sibling tab.
 */
import { MutationCache, QueryCache, QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from './api';
import type { Session } from './types';

export const SESSION_KEY = ['session'] as const;

export function createQueryClient(): QueryClient {
  const dropSessionOn401 = (error: unknown) => {
    if (error instanceof ApiError && error.status === 401) client.setQueryData(SESSION_KEY, null);
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      // A 401 on any page means the session expired: drop it so the route guard sends the user to /login.
      onError: (error, query) => {
        if (query.queryKey[0] !== SESSION_KEY[0]) dropSessionOn401(error);
      },
    }),
    mutationCache: new MutationCache({
      // Login answers 401 for a wrong password; only an authenticated write that gets 401 means "expired".
      onError: (error) => {
        if (client.getQueryData(SESSION_KEY)) dropSessionOn401(error);
      },
    }),
    defaultOptions: {
      queries: {
        // 4xx answers will not change on retry; only network/5xx failures are worth retrying.
        retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
        refetchOnWindowFocus: false,
        staleTime: 5_000,
      },
    },
  });
  return client;
}

export const apiKey = (path: string) => ['api', path] as const;

export function useApiQuery<T>(path: string | null) {
  return useQuery({
    queryKey: apiKey(path ?? ''),
    queryFn: () => api.get<T>(path ?? ''),
    enabled: path !== null,
  });
}

/**
 * useApiQuery, refetched every `intervalMs(data)` milliseconds (false: not polled), for work that runs on the
 * server after the request returns, such as a scoping run.
 */
export function usePolledApiQuery<T>(path: string | null, intervalMs: (data: T | undefined) => number | false) {
  return useQuery({
    queryKey: apiKey(path ?? ''),
    queryFn: () => api.get<T>(path ?? ''),
    enabled: path !== null,
    refetchInterval: (query) => intervalMs(query.state.data),
  });
}

/** Invalidates every cached GET whose path starts with one of the prefixes. */
export function useInvalidate() {
  const client = useQueryClient();
  return (...prefixes: string[]) =>
    client.invalidateQueries({
      predicate: (q) =>
        q.queryKey[0] === 'api' && typeof q.queryKey[1] === 'string' && prefixes.some((p) => String(q.queryKey[1]).startsWith(p)),
    });
}

/**
 * A write that refreshes the listed paths on success. `run` does the request; errors stay on the
 * mutation (mutation.error) so forms can show them next to the button that caused them.
 */
export function useApiMutation<TInput, TResult>(run: (input: TInput) => Promise<TResult>, invalidates: string[] = []) {
  const invalidate = useInvalidate();
  return useMutation<TResult, Error, TInput>({
    mutationFn: run,
    onSuccess: async () => {
      if (invalidates.length) await invalidate(...invalidates);
    },
  });
}

export type { Session };
