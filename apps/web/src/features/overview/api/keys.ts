import type { RangeKey } from '../lib/ranges';

/** The one query-key factory of the overview (gateway metrics). */
export const metricsKeys = {
  all: ['metrics'] as const,
  summary: (range: RangeKey, top: number) => [...metricsKeys.all, 'summary', range, top] as const,
  agentSeries: (agentId: string, range: RangeKey) => [...metricsKeys.all, 'agent', agentId, range] as const,
};
