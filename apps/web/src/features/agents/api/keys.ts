import type { AgentListFilter } from '@switchboard/api-contract';

/** The list filters the UI offers (the query string of `GET /a2a` without paging). */
export type AgentListFilters = Pick<AgentListFilter, 'q' | 'tag' | 'enabled' | 'provider'>;

/** The one query-key factory of the agents feature. */
export const agentKeys = {
  all: ['agents'] as const,
  lists: () => [...agentKeys.all, 'list'] as const,
  list: (filters: AgentListFilters) => [...agentKeys.lists(), filters] as const,
  details: () => [...agentKeys.all, 'detail'] as const,
  detail: (id: string) => [...agentKeys.details(), id] as const,
  health: (id: string) => [...agentKeys.detail(id), 'health'] as const,
};
