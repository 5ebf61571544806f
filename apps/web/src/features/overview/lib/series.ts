import type { AgentMetrics, MetricsPoint } from '@switchboard/api-contract';

/** One row per bucket start, one column per agent (`agentColumn(id)`). */
export type SeriesRow = { start: string } & Record<string, number | string | null>;

/** The column of one agent in merged rows (by id: names are not safe as keys). */
export const agentColumn = (agentId: string) => `agent:${agentId}`;

/**
 * Lines up several agents' series on the union of their bucket starts, oldest first. The API leaves out
 * buckets without calls: `missing` is what such a bucket holds (0 calls; no latency → null, a gap).
 */
export function mergeSeries(
  series: readonly AgentMetrics[],
  value: (point: MetricsPoint) => number | null,
  missing: number | null,
): SeriesRow[] {
  const rows = new Map<string, SeriesRow>();
  for (const agent of series)
    for (const point of agent.points) rows.set(point.start, rows.get(point.start) ?? { start: point.start });
  for (const row of rows.values()) for (const agent of series) row[agentColumn(agent.agentId)] = missing;
  for (const agent of series)
    for (const point of agent.points) {
      const row = rows.get(point.start);
      if (row) row[agentColumn(agent.agentId)] = value(point);
    }
  return [...rows.values()].sort((a, b) => a.start.localeCompare(b.start));
}
