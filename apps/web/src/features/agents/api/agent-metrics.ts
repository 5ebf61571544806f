import { AgentMetricsSchema, type AgentMetrics } from '@switchboard/api-contract';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/http';
import { agentKeys, type MetricsWindow } from './keys';

/** `GET /a2a/:id/metrics?from&to&bucket` → the agent's calls over time */
export function getAgentMetrics(
  id: string,
  window: MetricsWindow,
  signal?: AbortSignal,
): Promise<AgentMetrics> {
  const to = new Date();
  const from = new Date(to.getTime() - window.rangeMs);
  return apiRequest(`/a2a/${encodeURIComponent(id)}/metrics`, AgentMetricsSchema, {
    query: { from: from.toISOString(), to: to.toISOString(), bucket: window.bucket },
    signal,
  });
}

export const agentMetricsQueryOptions = (id: string, window: MetricsWindow) =>
  queryOptions({
    queryKey: agentKeys.metrics(id, window),
    queryFn: ({ signal }) => getAgentMetrics(id, window, signal),
  });

/** The series of one window; asks again every 15 s so new calls show up. */
export function useAgentMetrics(id: string, window: MetricsWindow) {
  return useQuery({
    ...agentMetricsQueryOptions(id, window),
    refetchInterval: 15_000,
    placeholderData: keepPreviousData,
  });
}
