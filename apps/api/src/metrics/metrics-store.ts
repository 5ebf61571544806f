import { INVOCATION_OUTCOMES, type InvocationOutcome } from '@switchboard/a2a-protocol';
import type { AgentMetricsSummary, CallStats } from '@switchboard/api-contract';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * The SQL behind the metrics API. Calls (operations send and stream) are read from two places: raw
 * `agent_metrics` rows for the recent window (exact percentiles), hourly `agent_metrics_hourly` rollups
 * before it (percentiles combined weighted by call count). `rawStart` is the first hour whose raw rows are
 * all still kept.
 */

export type Grouping = 'none' | 'agent';
/** A bucket width as a Postgres interval, or null for one bucket over the whole range. */
export type BucketInterval = '1 minute' | '1 hour' | '1 day' | null;

/** Partial aggregate of one (group, bucket): what can be combined exactly or by weight. */
export interface Part {
  key: string | null;
  start: Date | null;
  agentId: string | null;
  agentName: string | null;
  count: number;
  successes: number;
  failures: number;
  min: number | null;
  total: number;
  max: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  inputTokens: number;
  outputTokens: number;
  cost: number;
  outcomes: Record<InvocationOutcome, number>;
}

const CALLS = `operation IN ('send', 'stream')`;
const ORIGIN = `TIMESTAMPTZ '2000-01-01 00:00:00+00'`;
const AGENT_KEY = `coalesce(agent_id::text, 'name:' || agent_name)`;

/**
 * Calls by outcome, as SQL: counted from raw rows, summed from the rollups' `outcomes` objects, built for a
 * rollup, and a sealed rollup's counts plus those of its late rows. Outcomes are the gateway's own words.
 */
const OUTCOME = (o: InvocationOutcome) => `"outcome_${o}"`;
const RAW_OUTCOMES = INVOCATION_OUTCOMES.map(
  (o) => `count(*) FILTER (WHERE outcome = '${o}') AS ${OUTCOME(o)}`,
).join(', ');
const ROLLUP_OUTCOMES = INVOCATION_OUTCOMES.map(
  (o) => `coalesce(sum((outcomes->>'${o}')::int), 0) AS ${OUTCOME(o)}`,
).join(', ');
const HOURLY_OUTCOMES = `jsonb_build_object(${INVOCATION_OUTCOMES.map(
  (o) => `'${o}', count(*) FILTER (WHERE outcome = '${o}')`,
).join(', ')})`;
const ADDED_OUTCOMES = `jsonb_build_object(${INVOCATION_OUTCOMES.map(
  (o) => `'${o}', coalesce((h.outcomes->>'${o}')::int, 0) + coalesce((r.outcomes->>'${o}')::int, 0)`,
).join(', ')})`;

/** A count for every outcome. */
const byOutcome = (count: (o: InvocationOutcome) => number) =>
  Object.fromEntries(INVOCATION_OUTCOMES.map((o) => [o, count(o)])) as Record<InvocationOutcome, number>;

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function toPart(r: Record<string, unknown>): Part {
  return {
    key: (r.key as string | null) ?? null,
    start: r.start ? new Date(r.start as string) : null,
    agentId: (r.agent_id as string | null) ?? null,
    agentName: (r.agent_name as string | null) ?? null,
    count: Number(r.count),
    successes: Number(r.successes),
    failures: Number(r.failures),
    min: num(r.min),
    total: Number(r.total ?? 0),
    max: num(r.max),
    p50: num(r.p50),
    p95: num(r.p95),
    p99: num(r.p99),
    inputTokens: Number(r.input_tokens ?? 0),
    outputTokens: Number(r.output_tokens ?? 0),
    cost: Number(r.cost ?? 0),
    outcomes: byOutcome((o) => Number(r[`outcome_${o}`] ?? 0)),
  };
}

/** Two partial aggregates of the same group and bucket as one (percentiles weighted by calls). */
export function mergeParts(a: Part, b: Part): Part {
  const count = a.count + b.count;
  const weighted = (x: number | null, y: number | null) =>
    x === null ? y : y === null ? x : (x * a.count + y * b.count) / count;
  const pick = (x: number | null, y: number | null, f: (p: number, q: number) => number) =>
    x === null ? y : y === null ? x : f(x, y);
  return {
    key: a.key,
    start: a.start,
    agentId: a.agentId ?? b.agentId,
    agentName: a.agentName ?? b.agentName,
    count,
    successes: a.successes + b.successes,
    failures: a.failures + b.failures,
    min: pick(a.min, b.min, Math.min),
    total: a.total + b.total,
    max: pick(a.max, b.max, Math.max),
    p50: weighted(a.p50, b.p50),
    p95: weighted(a.p95, b.p95),
    p99: weighted(a.p99, b.p99),
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cost: a.cost + b.cost,
    outcomes: byOutcome((o) => a.outcomes[o] + b.outcomes[o]),
  };
}

const round = (v: number | null, digits = 3) => (v === null ? null : Number(v.toFixed(digits)));

export function statsOf(p: Part | undefined): CallStats {
  if (!p || p.count === 0) {
    return {
      invocations: 0,
      successes: 0,
      failures: 0,
      successRate: null,
      outcomes: byOutcome(() => 0),
      latencyMs: { min: null, avg: null, max: null, p50: null, p95: null, p99: null },
      inputTokens: 0,
      outputTokens: 0,
      cost: 0,
    };
  }
  return {
    invocations: p.count,
    successes: p.successes,
    failures: p.failures,
    successRate: round(p.successes / p.count, 4),
    outcomes: p.outcomes,
    latencyMs: {
      min: round(p.min),
      avg: round(p.total / p.count),
      max: round(p.max),
      p50: round(p.p50),
      p95: round(p.p95),
      p99: round(p.p99),
    },
    inputTokens: p.inputTokens,
    outputTokens: p.outputTokens,
    cost: round(p.cost, 6) ?? 0,
  };
}

@Injectable()
export class MetricsStore {
  constructor(private readonly db: DataSource) {}

  /** Aggregates of raw rows in [from, to), exact. */
  async raw(
    from: Date,
    to: Date,
    grouping: Grouping,
    bucket: BucketInterval,
    agentId?: string,
  ): Promise<Part[]> {
    const params: unknown[] = [from, to];
    const bin = bucket
      ? `date_bin($${params.push(bucket)}::interval, started_at, ${ORIGIN})`
      : 'NULL::timestamptz';
    const filter = agentId ? `AND agent_id = $${params.push(agentId)}` : '';
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT ${grouping === 'agent' ? AGENT_KEY : 'NULL::text'} AS key, ${bin} AS start,
         (array_agg(agent_id ORDER BY started_at DESC))[1] AS agent_id,
         (array_agg(agent_name ORDER BY started_at DESC))[1] AS agent_name,
         count(*) AS count, count(*) FILTER (WHERE ok) AS successes, count(*) FILTER (WHERE NOT ok) AS failures,
         min(duration_ms) AS min, sum(duration_ms) AS total, max(duration_ms) AS max,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50,
         percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95,
         percentile_cont(0.99) WITHIN GROUP (ORDER BY duration_ms) AS p99,
         coalesce(sum(input_tokens), 0) AS input_tokens, coalesce(sum(output_tokens), 0) AS output_tokens,
         coalesce(sum(cost), 0) AS cost, ${RAW_OUTCOMES}
       FROM agent_metrics
       WHERE ${CALLS} AND started_at >= $1 AND started_at < $2 ${filter}
       GROUP BY 1, 2 ORDER BY 2 NULLS FIRST`,
      params,
    );
    return rows.map(toPart);
  }

  /** Aggregates of hourly rollups for the hours starting in [from, to), percentiles weighted by calls. */
  async rollups(
    from: Date,
    to: Date,
    grouping: Grouping,
    bucket: BucketInterval,
    agentId?: string,
  ): Promise<Part[]> {
    const params: unknown[] = [from, to];
    const bin = bucket ? `date_bin($${params.push(bucket)}::interval, hour, ${ORIGIN})` : 'NULL::timestamptz';
    const filter = agentId ? `AND agent_key = $${params.push(agentId)}` : '';
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT ${grouping === 'agent' ? 'agent_key' : 'NULL::text'} AS key, ${bin} AS start,
         (array_agg(agent_id ORDER BY hour DESC))[1] AS agent_id,
         (array_agg(agent_name ORDER BY hour DESC))[1] AS agent_name,
         sum(count) AS count, sum(successes) AS successes, sum(failures) AS failures,
         min(duration_min) AS min, sum(duration_avg * count) AS total, max(duration_max) AS max,
         sum(duration_p50 * count) / sum(count) AS p50,
         sum(duration_p95 * count) / sum(count) AS p95,
         sum(duration_p99 * count) / sum(count) AS p99,
         sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens, sum(cost) AS cost,
         ${ROLLUP_OUTCOMES}
       FROM agent_metrics_hourly
       WHERE hour >= $1 AND hour < $2 ${filter}
       GROUP BY 1, 2 ORDER BY 2 NULLS FIRST`,
      params,
    );
    return rows.map(toPart);
  }

  /**
   * Roll completed hours up, then drop the raw rows of whole hours older than `rawRetentionMs` (sealing
   * their rollups) and rollups older than `rollupRetentionMs`, in one transaction. An unsealed hour is
   * recomputed from its raw rows (so rows that arrive late, e.g. after an outage, are counted); raw rows
   * of a sealed hour are added to it (percentiles weighted) and then dropped. Idempotent.
   */
  async rollUp(now: Date, rawRetentionMs: number, rollupRetentionMs: number): Promise<{ hours: number }> {
    const hourly = (where: string) => `
      SELECT ${AGENT_KEY} AS agent_key, (array_agg(agent_id ORDER BY started_at DESC))[1] AS agent_id,
        (array_agg(agent_name ORDER BY started_at DESC))[1] AS agent_name,
        date_bin('1 hour', started_at, ${ORIGIN}) AS hour,
        count(*) AS count, count(*) FILTER (WHERE ok) AS successes, count(*) FILTER (WHERE NOT ok) AS failures,
        min(duration_ms) AS duration_min, avg(duration_ms) AS duration_avg, max(duration_ms) AS duration_max,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS duration_p50,
        percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) AS duration_p95,
        percentile_cont(0.99) WITHIN GROUP (ORDER BY duration_ms) AS duration_p99,
        coalesce(sum(input_tokens), 0) AS input_tokens, coalesce(sum(output_tokens), 0) AS output_tokens,
        coalesce(sum(cost), 0) AS cost, ${HOURLY_OUTCOMES} AS outcomes
      FROM agent_metrics WHERE ${CALLS} AND ${where} GROUP BY 1, 4`;
    const sealBefore = new Date(Math.floor((now.getTime() - rawRetentionMs) / 3_600_000) * 3_600_000);
    return this.db.transaction(async (tx) => {
      // Late rows of sealed hours: added to what the hour already holds.
      await tx.query(
        `UPDATE agent_metrics_hourly h SET
           count = h.count + r.count, successes = h.successes + r.successes, failures = h.failures + r.failures,
           duration_min = least(h.duration_min, r.duration_min), duration_max = greatest(h.duration_max, r.duration_max),
           duration_avg = (h.duration_avg * h.count + r.duration_avg * r.count) / (h.count + r.count),
           duration_p50 = (h.duration_p50 * h.count + r.duration_p50 * r.count) / (h.count + r.count),
           duration_p95 = (h.duration_p95 * h.count + r.duration_p95 * r.count) / (h.count + r.count),
           duration_p99 = (h.duration_p99 * h.count + r.duration_p99 * r.count) / (h.count + r.count),
           input_tokens = h.input_tokens + r.input_tokens, output_tokens = h.output_tokens + r.output_tokens,
           cost = h.cost + r.cost, outcomes = ${ADDED_OUTCOMES}
         FROM (${hourly('started_at < $1')}) r
         WHERE h.sealed AND h.agent_key = r.agent_key AND h.hour = r.hour`,
        [sealBefore],
      );
      const upserted: unknown[] = await tx.query(
        `INSERT INTO agent_metrics_hourly (agent_key, agent_id, agent_name, hour, count, successes, failures,
           duration_min, duration_avg, duration_max, duration_p50, duration_p95, duration_p99,
           input_tokens, output_tokens, cost, outcomes)
         ${hourly(`started_at < date_bin('1 hour', $1::timestamptz, ${ORIGIN})`)}
         ON CONFLICT (agent_key, hour) DO UPDATE SET
           agent_id = EXCLUDED.agent_id, agent_name = EXCLUDED.agent_name, count = EXCLUDED.count,
           successes = EXCLUDED.successes, failures = EXCLUDED.failures,
           duration_min = EXCLUDED.duration_min, duration_avg = EXCLUDED.duration_avg,
           duration_max = EXCLUDED.duration_max, duration_p50 = EXCLUDED.duration_p50,
           duration_p95 = EXCLUDED.duration_p95, duration_p99 = EXCLUDED.duration_p99,
           input_tokens = EXCLUDED.input_tokens, output_tokens = EXCLUDED.output_tokens, cost = EXCLUDED.cost,
           outcomes = EXCLUDED.outcomes
         WHERE NOT agent_metrics_hourly.sealed
         RETURNING hour`,
        [now],
      );
      await tx.query(`UPDATE agent_metrics_hourly SET sealed = true WHERE hour < $1 AND NOT sealed`, [
        sealBefore,
      ]);
      await tx.query(`DELETE FROM agent_metrics WHERE started_at < $1`, [sealBefore]);
      await tx.query(`DELETE FROM agent_metrics_batches WHERE written_at < $1`, [sealBefore]);
      await tx.query(`DELETE FROM agent_metrics_hourly WHERE hour < $1`, [
        new Date(now.getTime() - rollupRetentionMs),
      ]);
      return { hours: upserted.length };
    });
  }

  /** The first hour whose raw rows are all kept: the hour after the last sealed one (or the beginning). */
  async rawStart(): Promise<Date> {
    const [row] = (await this.db.query(
      `SELECT max(hour) + interval '1 hour' AS start FROM agent_metrics_hourly WHERE sealed`,
    )) as { start: string | null }[];
    return row?.start ? new Date(row.start) : new Date(0);
  }

  /** Cost per agent name of the calls since `since` (budgets start from it after a restart). */
  async spendSince(since: Date): Promise<Map<string, number>> {
    const rawStart = await this.rawStart();
    const rows: { name: string; cost: string }[] = await this.db.query(
      `SELECT name, sum(cost) AS cost FROM (
         SELECT agent_name AS name, cost FROM agent_metrics_hourly WHERE hour >= $1 AND hour < $2
         UNION ALL
         SELECT agent_name, cost FROM agent_metrics WHERE ${CALLS} AND started_at >= greatest($1, $2)
       ) spend GROUP BY name`,
      [since, rawStart],
    );
    return new Map(rows.map((r) => [r.name, Number(r.cost)]));
  }

  /** All-time calls of some agents, in one query (catalog reads show them). */
  async agentSummaries(agentIds: string[]): Promise<Map<string, AgentMetricsSummary>> {
    const out = new Map<string, AgentMetricsSummary>();
    if (agentIds.length === 0) return out;
    const parts = await this.summaries(agentIds, await this.rawStart());
    for (const id of agentIds) {
      const s = statsOf(parts.get(id));
      out.set(id, { invocations: s.invocations, successRate: s.successRate, avgLatencyMs: s.latencyMs.avg });
    }
    return out;
  }

  private async summaries(agentIds: string[], rawStart: Date): Promise<Map<string, Part>> {
    const out = new Map<string, Part>();
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT key, sum(count) AS count, sum(successes) AS successes, sum(failures) AS failures, sum(total) AS total
       FROM (
         SELECT agent_key AS key, count, successes, failures, duration_avg * count AS total
         FROM agent_metrics_hourly WHERE agent_key = ANY($1::text[]) AND hour < $2
         UNION ALL
         SELECT agent_id::text, 1, ok::int, (NOT ok)::int, duration_ms
         FROM agent_metrics WHERE ${CALLS} AND agent_id = ANY($3::uuid[]) AND started_at >= $2
       ) calls GROUP BY key`,
      [agentIds, rawStart, agentIds],
    );
    for (const r of rows) out.set(r.key as string, toPart(r));
    return out;
  }

  async reset(agentId?: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (agentId) {
        await tx.query(`DELETE FROM agent_metrics WHERE agent_id = $1`, [agentId]);
        await tx.query(`DELETE FROM agent_metrics_hourly WHERE agent_key = $1`, [agentId]);
      } else {
        await tx.query(`DELETE FROM agent_metrics`);
        await tx.query(`DELETE FROM agent_metrics_hourly`);
      }
    });
  }
}
