import { useQuery } from '@tanstack/react-query';
import { metricsSummaryQueryOptions } from '../../overview/api/get-metrics-summary';
import { AGENT_LIST_REFRESH_MS } from './list-agents';

/** Most agents `GET /metrics` ranks (its `top` maximum). */
const TOP_MAX = 100;

/**
 * p95 latency (ms, last 24 h) by agent id; agents without calls in that window are absent. An agent read
 * only carries all-time volume, success rate and mean latency; percentiles come from the gateway metrics
 * (`GET /metrics`, the overview's fetcher and key), which rank the 100 busiest agents.
 */
export function useAgentLatencies() {
  return useQuery({
    ...metricsSummaryQueryOptions('24h', TOP_MAX),
    refetchInterval: AGENT_LIST_REFRESH_MS,
    select: (summary) =>
      new Map(
        summary.topAgents
          .filter((a) => a.agentId !== null)
          .map((a) => [a.agentId as string, a.latencyMs.p95] as const),
      ),
  });
}
