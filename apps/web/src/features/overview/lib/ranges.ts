import type { MetricsBucket } from '@switchboard/api-contract';

/** The time windows the overview offers, with the bucket each chart uses. */
export const RANGES = {
  '1h': { label: 'Last hour', ms: 60 * 60_000, bucket: 'minute' },
  '24h': { label: 'Last 24 hours', ms: 24 * 60 * 60_000, bucket: 'hour' },
  '7d': { label: 'Last 7 days', ms: 7 * 24 * 60 * 60_000, bucket: 'day' },
} as const satisfies Record<string, { label: string; ms: number; bucket: MetricsBucket }>;

export type RangeKey = keyof typeof RANGES;
export const RANGE_KEYS = Object.keys(RANGES) as RangeKey[];
export const DEFAULT_RANGE: RangeKey = '24h';

export function parseRange(value: string | null): RangeKey {
  return value && value in RANGES ? (value as RangeKey) : DEFAULT_RANGE;
}

/** [from, to) ending now, as the API's ISO instants. */
export function rangeWindow(range: RangeKey, now = Date.now()): { from: string; to: string } {
  return { from: new Date(now - RANGES[range].ms).toISOString(), to: new Date(now).toISOString() };
}

/** A bucket's start as a short axis label. */
export function bucketLabel(iso: string, range: RangeKey): string {
  const date = new Date(iso);
  return RANGES[range].bucket === 'day'
    ? date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })
    : date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}
