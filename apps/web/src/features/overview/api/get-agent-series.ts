import { AgentMetricsSchema, type AgentMetrics } from '@switchboard/api-contract';
import { queryOptions, useQueries } from '@tanstack/react-query';
import { ApiError, apiRequest } from '../../../lib/http';
import { RANGES, type RangeKey } from '../lib/ranges';
import { METRICS_REFRESH_MS } from './get-metrics-summary';
import { metricsKeys, type SeriesWindow } from './keys';

/** `GET /a2a/:id/metrics?bucket=&from=&to=`: one agent's calls over the window ending now. */
export function getAgentSeries(
  agentId: string,
  window: SeriesWindow,
  signal?: AbortSignal,
): Promise<AgentMetrics> {
  const to = Date.now();
  return apiRequest(`/a2a/${encodeURIComponent(agentId)}/metrics`, AgentMetricsSchema, {
    query: {
      from: new Date(to - window.rangeMs).toISOString(),
      to: new Date(to).toISOString(),
      bucket: window.bucket,
    },
    signal,
  });
}

export const agentSeriesQueryOptions = (agentId: string, window: SeriesWindow) =>
  queryOptions({
    queryKey: metricsKeys.agentSeries(agentId, window),
    queryFn: ({ signal }) => getAgentSeries(agentId, window, signal),
    // Live numbers: coming back to the page always asks again (the last numbers show meanwhile).
    staleTime: 0,
    refetchInterval: METRICS_REFRESH_MS,
  });

export const rangeSeriesWindow = (range: RangeKey): SeriesWindow => ({
  rangeMs: RANGES[range].ms,
  bucket: RANGES[range].bucket,
});

/** An agent the metrics still rank but the catalog no longer has (its series answers 404). */
const isDeletedAgent = (error: unknown) => error instanceof ApiError && error.status === 404;

/**
 * The series of several agents (the overview's top agents). The API has no gateway-wide series, so the
 * charts show these agents side by side rather than a made-up total. Agents deleted since their calls are
 * listed in `deleted` and left out of the charts; they are no error.
 */
export function useAgentSeries(agentIds: readonly string[], range: RangeKey) {
  return useQueries({
    queries: agentIds.map((id) => ({
      ...agentSeriesQueryOptions(id, rangeSeriesWindow(range)),
      retry: (failures: number, error: unknown) => !isDeletedAgent(error) && failures < 2,
    })),
    combine: (results) => ({
      series: results.flatMap((result) => (result.data ? [result.data] : [])),
      deleted: new Set(
        results.flatMap((result, index) => (isDeletedAgent(result.error) ? [agentIds[index]] : [])),
      ),
      pending: results.some((result) => result.isPending),
      error: results.find((result) => result.error && !isDeletedAgent(result.error))?.error ?? null,
    }),
  });
}
