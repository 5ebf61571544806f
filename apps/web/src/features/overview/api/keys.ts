import type { MetricsBucket } from '@switchboard/api-contract';
import type { RangeKey } from '../lib/ranges';

/** A series window: how far back from now it starts, and its bucket size. */
export interface SeriesWindow {
  rangeMs: number;
  bucket: MetricsBucket;
}

/**
 * The one query-key factory of the gateway metrics (`GET /metrics`, `GET /a2a/:id/metrics`), whichever page
 * shows them: the overview, the agents list's p95 column and an agent's charts share these keys, so a call
 * that changes the numbers refreshes them all at once.
 */
export const metricsKeys = {
  all: ['metrics'] as const,
  summaries: () => [...metricsKeys.all, 'summary'] as const,
  summary: (range: RangeKey, top: number) => [...metricsKeys.summaries(), range, top] as const,
  /** Every window of one agent's series. */
  agentSeriesAll: (agentId: string) => [...metricsKeys.all, 'agent', agentId] as const,
  agentSeries: (agentId: string, window: SeriesWindow) =>
    [...metricsKeys.agentSeriesAll(agentId), window] as const,
};
