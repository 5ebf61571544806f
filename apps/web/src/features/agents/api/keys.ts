import type { AgentListFilter, MetricsBucket } from '@switchboard/api-contract';

/** The list filters the UI offers (the query string of `GET /a2a` without paging). */
export type AgentListFilters = Pick<AgentListFilter, 'q' | 'tag' | 'enabled' | 'provider'>;

/** A metrics window: where it starts (relative to now) and its bucket size. */
export interface MetricsWindow {
  rangeMs: number;
  bucket: MetricsBucket;
}

/** The one query-key factory of the agents feature. */
export const agentKeys = {
  all: ['agents'] as const,
  lists: () => [...agentKeys.all, 'list'] as const,
  list: (filters: AgentListFilters) => [...agentKeys.lists(), filters] as const,
  details: () => [...agentKeys.all, 'detail'] as const,
  detail: (id: string) => [...agentKeys.details(), id] as const,
  health: (id: string) => [...agentKeys.detail(id), 'health'] as const,
  metrics: (id: string, window: MetricsWindow) => [...agentKeys.detail(id), 'metrics', window] as const,
  tasks: (name: string) => [...agentKeys.all, 'tasks', name] as const,
  /** Per-agent latency percentiles of the last 24 h (gateway metrics), for the list. */
  latency: () => [...agentKeys.all, 'latency'] as const,
};
