import { AgentHealthHistorySchema, type AgentHealthHistory } from '@switchboard/api-contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/http';
import { agentKeys } from './keys';

/** `GET /a2a/:id/health?limit=` → health state changes, newest first */
export function getAgentHealthHistory(id: string, signal?: AbortSignal): Promise<AgentHealthHistory> {
  return apiRequest(`/a2a/${encodeURIComponent(id)}/health`, AgentHealthHistorySchema, {
    query: { limit: 50 },
    signal,
  });
}

export const agentHealthHistoryQueryOptions = (id: string) =>
  queryOptions({
    queryKey: agentKeys.health(id),
    queryFn: ({ signal }) => getAgentHealthHistory(id, signal),
  });

export function useAgentHealthHistory(id: string) {
  return useQuery({ ...agentHealthHistoryQueryOptions(id), refetchInterval: 30_000 });
}
