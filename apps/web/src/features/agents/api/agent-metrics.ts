import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { agentSeriesQueryOptions } from '../../overview/api/get-agent-series';
import type { SeriesWindow } from '../../overview/api/keys';

/** One agent's series over a window (the fetcher and key the overview uses too); asks again every 15 s. */
export function useAgentMetrics(id: string, window: SeriesWindow) {
  return useQuery({ ...agentSeriesQueryOptions(id, window), placeholderData: keepPreviousData });
}
