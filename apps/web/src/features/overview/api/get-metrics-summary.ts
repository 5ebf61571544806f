import { MetricsSummarySchema, type MetricsSummary } from '@switchboard/api-contract';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/http';
import { rangeWindow, type RangeKey } from '../lib/ranges';
import { metricsKeys } from './keys';

export const METRICS_REFRESH_MS = 15_000;

/** `GET /metrics?from=&to=&top=`: totals, agent counts and the busiest agents over the range ending now. */
export function getMetricsSummary(
  range: RangeKey,
  top: number,
  signal?: AbortSignal,
): Promise<MetricsSummary> {
  return apiRequest('/metrics', MetricsSummarySchema, { query: { ...rangeWindow(range), top }, signal });
}

export const metricsSummaryQueryOptions = (range: RangeKey, top: number) =>
  queryOptions({
    queryKey: metricsKeys.summary(range, top),
    queryFn: ({ signal }) => getMetricsSummary(range, top, signal),
    // Live numbers: coming back to the page always asks again (the last numbers show meanwhile).
    staleTime: 0,
    refetchInterval: METRICS_REFRESH_MS,
  });

export function useMetricsSummary(range: RangeKey, top: number) {
  return useQuery({ ...metricsSummaryQueryOptions(range, top), placeholderData: keepPreviousData });
}
