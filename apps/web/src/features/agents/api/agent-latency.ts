import { MetricsSummarySchema, type MetricsSummary } from '@switchboard/api-contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/http';
import { agentKeys } from './keys';
import { AGENT_LIST_REFRESH_MS } from './list-agents';

/** Most agents `GET /metrics` ranks (its `top` maximum). */
const TOP_MAX = 100;

/**
 * `GET /metrics?top=100` (last 24 h). An agent read only carries all-time volume, success rate and mean
 * latency; percentiles come from the gateway metrics, which rank the 100 busiest agents.
 */
export function getAgentLatencies(signal?: AbortSignal): Promise<MetricsSummary> {
  return apiRequest('/metrics', MetricsSummarySchema, { query: { top: TOP_MAX }, signal });
}

export const agentLatencyQueryOptions = () =>
  queryOptions({
    queryKey: agentKeys.latency(),
    queryFn: ({ signal }) => getAgentLatencies(signal),
    select: (summary) =>
      new Map(
        summary.topAgents
          .filter((a) => a.agentId !== null)
          .map((a) => [a.agentId as string, a.latencyMs.p95] as const),
      ),
  });

/** p95 latency (ms, last 24 h) by agent id; agents without calls in that window are absent. */
export function useAgentLatencies() {
  return useQuery({ ...agentLatencyQueryOptions(), refetchInterval: AGENT_LIST_REFRESH_MS });
}
