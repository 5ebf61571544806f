import { AgentPageSchema, type AgentPage } from '@switchboard/api-contract';
import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/http';
import { agentKeys, type AgentListFilters } from './keys';

const PAGE_SIZE = 25;

/** `GET /a2a?q=&tag=&enabled=&provider=&limit=&cursor=` */
export function listAgents(
  filters: AgentListFilters & { cursor?: string; limit?: number },
  signal?: AbortSignal,
): Promise<AgentPage> {
  return apiRequest('/a2a', AgentPageSchema, {
    query: {
      q: filters.q,
      tag: filters.tag,
      enabled: filters.enabled,
      provider: filters.provider,
      limit: filters.limit ?? PAGE_SIZE,
      cursor: filters.cursor,
    },
    signal,
  });
}

export const agentListQueryOptions = (filters: AgentListFilters) =>
  infiniteQueryOptions({
    queryKey: agentKeys.list(filters),
    queryFn: ({ pageParam, signal }) => listAgents({ ...filters, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
  });

/** How often the list asks again, so health, enabled state and metrics stay live. */
export const AGENT_LIST_REFRESH_MS = 10_000;

/** Pages of agents matching `filters` ("Load more" fetches the next page). */
export function useAgentList(filters: AgentListFilters, enabled = true) {
  return useInfiniteQuery({
    ...agentListQueryOptions(filters),
    enabled,
    refetchInterval: AGENT_LIST_REFRESH_MS,
    // Keep showing the last results while a new search loads.
    placeholderData: keepPreviousData,
  });
}
