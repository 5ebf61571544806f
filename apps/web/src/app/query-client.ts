import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../lib/http';
import { sessionStore } from '../lib/session';

function isClientError(error: unknown): boolean {
  return error instanceof ApiError && error.status >= 400 && error.status < 500;
}

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // 4xx answers will not change by asking again.
      retry: (failureCount, error) => !isClientError(error) && failureCount < 2,
    },
    mutations: { retry: false },
  },
});

// Nothing cached for one user may be shown to the next one.
sessionStore.subscribe(() => {
  if (!sessionStore.get()) queryClient.clear();
});
