import { AgentMetricsSchema, type AgentMetrics } from '@switchboard/api-contract';
import { queryOptions, useQueries } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/http';
import { RANGES, rangeWindow, type RangeKey } from '../lib/ranges';
import { METRICS_REFRESH_MS } from './get-metrics-summary';
import { metricsKeys } from './keys';

/** `GET /a2a/:id/metrics?bucket=&from=&to=`: one agent's calls over time. */
export function getAgentSeries(
  agentId: string,
  range: RangeKey,
  signal?: AbortSignal,
): Promise<AgentMetrics> {
  return apiRequest(`/a2a/${encodeURIComponent(agentId)}/metrics`, AgentMetricsSchema, {
    query: { ...rangeWindow(range), bucket: RANGES[range].bucket },
    signal,
  });
}

export const agentSeriesQueryOptions = (agentId: string, range: RangeKey) =>
  queryOptions({
    queryKey: metricsKeys.agentSeries(agentId, range),
    queryFn: ({ signal }) => getAgentSeries(agentId, range, signal),
    // Live numbers: coming back to the page always asks again (the last numbers show meanwhile).
    staleTime: 0,
    refetchInterval: METRICS_REFRESH_MS,
  });

/**
 * The series of several agents (the overview's top agents). The API has no gateway-wide series, so the
 * charts show these agents side by side rather than a made-up total.
 */
export function useAgentSeries(agentIds: readonly string[], range: RangeKey) {
  return useQueries({
    queries: agentIds.map((id) => agentSeriesQueryOptions(id, range)),
    combine: (results) => ({
      series: results.flatMap((result) => (result.data ? [result.data] : [])),
      pending: results.some((result) => result.isPending),
      error: results.find((result) => result.error)?.error ?? null,
    }),
  });
}
