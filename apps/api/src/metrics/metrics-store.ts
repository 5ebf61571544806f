import { INVOCATION_OUTCOMES, type InvocationOutcome } from '@switchboard/a2a-protocol';
import type { AgentMetricsSummary, CallStats, PercentileSource } from '@switchboard/api-contract';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  decodeSketch,
  encodeSketch,
  mergeSketches,
  percentilesOf,
  SKETCH_BIN,
  SKETCH_LN_GAMMA,
  sketchOfBins,
  type LatencySketch,
} from './latency-sketch';

/**
 * The SQL behind the metrics API. Calls (operations send and stream) are read from two places: raw
 * `agent_metrics` rows for the recent window (exact percentiles), hourly `agent_metrics_hourly` rollups
 * before it, each with a latency sketch: the percentiles of several hours come from their merged sketches
 * (hours rolled up before sketches were kept fall back to a call-weighted mean, said to be approximate).
 * `rawStart` is the first hour whose raw rows are all still kept.
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
  /** How p50/p95/p99 were found. */
  percentiles: PercentileSource;
  /** The latency sketch of the part's calls when it may be merged with another part; null otherwise. */
  sketch: LatencySketch | null;
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

/** A part's identity among parts of one query: its group and bucket. */
export const partKey = (p: { key: string | null; start: Date | null }) =>
  `${p.key ?? ''}\u0000${p.start?.toISOString() ?? ''}`;

function toPart(r: Record<string, unknown>, percentiles: PercentileSource = 'exact'): Part {
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
    percentiles,
    sketch: null,
    inputTokens: Number(r.input_tokens ?? 0),
    outputTokens: Number(r.output_tokens ?? 0),
    cost: Number(r.cost ?? 0),
    outcomes: byOutcome((o) => Number(r[`outcome_${o}`] ?? 0)),
  };
}

/**
 * Two partial aggregates of the same group and bucket as one: percentiles from their merged sketches, or,
 * when one has none (hours rolled up before sketches were kept), weighted by calls and said to be approximate.
 */
export function mergeParts(a: Part, b: Part): Part {
  const count = a.count + b.count;
  const sketch = a.sketch && b.sketch ? mergeSketches([a.sketch, b.sketch]) : null;
  const sketched = sketch ? percentilesOf(sketch) : null;
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
    p50: sketched ? sketched.p50 : weighted(a.p50, b.p50),
    p95: sketched ? sketched.p95 : weighted(a.p95, b.p95),
    p99: sketched ? sketched.p99 : weighted(a.p99, b.p99),
    percentiles: sketched ? 'sketch' : 'approximate',
    sketch,
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
      latencyMs: { min: null, avg: null, max: null, p50: null, p95: null, p99: null, percentiles: 'exact' },
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
      percentiles: p.percentiles,
    },
    inputTokens: p.inputTokens,
    outputTokens: p.outputTokens,
    cost: round(p.cost, 6) ?? 0,
  };
}

@Injectable()
export class MetricsStore {
  constructor(private readonly db: DataSource) {}

  /**
   * Aggregates of raw rows in [from, to), exact. With `sketches`, each part also carries the latency sketch
   * of its calls, to be merged with the parts of rolled-up hours.
   */
  async raw(
    from: Date,
    to: Date,
    grouping: Grouping,
    bucket: BucketInterval,
    agentId?: string,
    { sketches = false }: { sketches?: boolean } = {},
  ): Promise<Part[]> {
    const params: unknown[] = [from, to];
    const bin = bucket
      ? `date_bin($${params.push(bucket)}::interval, started_at, ${ORIGIN})`
      : 'NULL::timestamptz';
    const filter = agentId ? `AND agent_id = $${params.push(agentId)}` : '';
    const group = grouping === 'agent' ? AGENT_KEY : 'NULL::text';
    const where = `${CALLS} AND started_at >= $1 AND started_at < $2 ${filter}`;
    const [rows, bins] = await Promise.all([
      this.db.query(
        `SELECT ${group} AS key, ${bin} AS start,
           (array_agg(agent_id ORDER BY started_at DESC))[1] AS agent_id,
           (array_agg(agent_name ORDER BY started_at DESC))[1] AS agent_name,
           count(*) AS count, count(*) FILTER (WHERE ok) AS successes, count(*) FILTER (WHERE NOT ok) AS failures,
           min(duration_ms) AS min, sum(duration_ms) AS total, max(duration_ms) AS max,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95,
           percentile_cont(0.99) WITHIN GROUP (ORDER BY duration_ms) AS p99,
           coalesce(sum(input_tokens), 0) AS input_tokens, coalesce(sum(output_tokens), 0) AS output_tokens,
           coalesce(sum(cost), 0) AS cost, ${RAW_OUTCOMES}
         FROM agent_metrics WHERE ${where}
         GROUP BY 1, 2 ORDER BY 2 NULLS FIRST`,
        params,
      ) as Promise<Record<string, unknown>[]>,
      sketches
        ? this.sketchBins(this.db.manager, group, bin, where, params)
        : Promise.resolve(new Map<string, LatencySketch>()),
    ]);
    return rows.map((r) => {
      const part = toPart(r);
      part.sketch = bins.get(partKey(part)) ?? null;
      return part;
    });
  }

  /**
   * Aggregates of hourly rollups for the hours starting in [from, to). A group of one hour has that hour's
   * percentiles; a group of several has those of its hours' merged sketches (weighted by calls, and said to
   * be approximate, when one of its hours was rolled up before sketches were kept).
   */
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
         count(*) AS hours,
         CASE WHEN bool_and(duration_sketch IS NOT NULL) THEN array_agg(duration_sketch) END AS sketches,
         sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens, sum(cost) AS cost,
         ${ROLLUP_OUTCOMES}
       FROM agent_metrics_hourly
       WHERE hour >= $1 AND hour < $2 ${filter}
       GROUP BY 1, 2 ORDER BY 2 NULLS FIRST`,
      params,
    );
    return rows.map((r) => {
      const stored = r.sketches as Buffer[] | null;
      const sketch = stored ? mergeSketches(stored.map(decodeSketch)) : null;
      const part = toPart(r, sketch ? 'sketch' : 'approximate');
      part.sketch = sketch;
      const merged = sketch && Number(r.hours) > 1 ? percentilesOf(sketch) : null;
      if (merged) Object.assign(part, merged);
      return part;
    });
  }

  /**
   * Roll completed hours up, then drop the raw rows of whole hours older than `rawRetentionMs` (sealing
   * their rollups) and rollups older than `rollupRetentionMs`, in one transaction. An unsealed hour is
   * recomputed from its raw rows (so rows that arrive late, e.g. after an outage, are counted); raw rows
   * of a sealed hour are added to it (their sketch merged into the hour's) and then dropped. Idempotent.
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
    const thisHour = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
    const sealBefore = new Date(Math.floor((now.getTime() - rawRetentionMs) / 3_600_000) * 3_600_000);
    return this.db.transaction(async (tx) => {
      // The sketch of every (agent, hour) that has raw rows before this hour.
      const sketches = await this.sketchBins(
        tx,
        AGENT_KEY,
        `date_bin('1 hour', started_at, ${ORIGIN})`,
        `${CALLS} AND started_at < $1`,
        [thisHour],
      );
      const hours = [...sketches.keys()].map((key) => {
        const [agentKey, hour] = key.split('\u0000');
        return { key, agentKey, hour: new Date(hour) };
      });

      // Late rows of sealed hours: added to what the hour already holds, their sketch merged into its sketch.
      const late = hours.filter((h) => h.hour < sealBefore);
      const sealed: { agent_key: string; hour: Date; duration_sketch: Buffer | null }[] = late.length
        ? await tx.query(
            `SELECT agent_key, hour, duration_sketch FROM agent_metrics_hourly
             WHERE sealed AND (agent_key, hour) IN (SELECT * FROM unnest($1::text[], $2::timestamptz[]))`,
            [late.map((h) => h.agentKey), late.map((h) => h.hour)],
          )
        : [];
      const added = sealed.map((row) => {
        const lateSketch = sketches.get(partKey({ key: row.agent_key, start: row.hour })) as LatencySketch;
        // An hour rolled up before sketches were kept has none to merge into: it stays approximate.
        const sketch = row.duration_sketch
          ? mergeSketches([decodeSketch(row.duration_sketch), lateSketch])
          : null;
        return { row, sketch, percentiles: sketch ? percentilesOf(sketch) : null };
      });
      if (added.length > 0) {
        await tx.query(
          `UPDATE agent_metrics_hourly h SET
             count = h.count + r.count, successes = h.successes + r.successes, failures = h.failures + r.failures,
             duration_min = least(h.duration_min, r.duration_min), duration_max = greatest(h.duration_max, r.duration_max),
             duration_avg = (h.duration_avg * h.count + r.duration_avg * r.count) / (h.count + r.count),
             duration_p50 = coalesce(m.p50, (h.duration_p50 * h.count + r.duration_p50 * r.count) / (h.count + r.count)),
             duration_p95 = coalesce(m.p95, (h.duration_p95 * h.count + r.duration_p95 * r.count) / (h.count + r.count)),
             duration_p99 = coalesce(m.p99, (h.duration_p99 * h.count + r.duration_p99 * r.count) / (h.count + r.count)),
             duration_sketch = m.sketch,
             input_tokens = h.input_tokens + r.input_tokens, output_tokens = h.output_tokens + r.output_tokens,
             cost = h.cost + r.cost, outcomes = ${ADDED_OUTCOMES}
           FROM (${hourly('started_at < $1')}) r,
             unnest($2::text[], $3::timestamptz[], $4::bytea[], $5::float8[], $6::float8[], $7::float8[])
               AS m(agent_key, hour, sketch, p50, p95, p99)
           WHERE h.sealed AND h.agent_key = r.agent_key AND h.hour = r.hour
             AND m.agent_key = r.agent_key AND m.hour = r.hour`,
          [
            sealBefore,
            added.map((a) => a.row.agent_key),
            added.map((a) => a.row.hour),
            added.map((a) => (a.sketch ? encodeSketch(a.sketch) : null)),
            added.map((a) => a.percentiles?.p50 ?? null),
            added.map((a) => a.percentiles?.p95 ?? null),
            added.map((a) => a.percentiles?.p99 ?? null),
          ],
        );
      }
      const upserted: unknown[] = await tx.query(
        `INSERT INTO agent_metrics_hourly (agent_key, agent_id, agent_name, hour, count, successes, failures,
           duration_min, duration_avg, duration_max, duration_p50, duration_p95, duration_p99,
           input_tokens, output_tokens, cost, outcomes, duration_sketch)
         SELECT r.*, s.sketch FROM (${hourly('started_at < $1')}) r
         LEFT JOIN unnest($2::text[], $3::timestamptz[], $4::bytea[]) AS s(agent_key, hour, sketch)
           ON s.agent_key = r.agent_key AND s.hour = r.hour
         ON CONFLICT (agent_key, hour) DO UPDATE SET
           agent_id = EXCLUDED.agent_id, agent_name = EXCLUDED.agent_name, count = EXCLUDED.count,
           successes = EXCLUDED.successes, failures = EXCLUDED.failures,
           duration_min = EXCLUDED.duration_min, duration_avg = EXCLUDED.duration_avg,
           duration_max = EXCLUDED.duration_max, duration_p50 = EXCLUDED.duration_p50,
           duration_p95 = EXCLUDED.duration_p95, duration_p99 = EXCLUDED.duration_p99,
           input_tokens = EXCLUDED.input_tokens, output_tokens = EXCLUDED.output_tokens, cost = EXCLUDED.cost,
           outcomes = EXCLUDED.outcomes, duration_sketch = EXCLUDED.duration_sketch
         WHERE NOT agent_metrics_hourly.sealed
         RETURNING hour`,
        [
          thisHour,
          hours.map((h) => h.agentKey),
          hours.map((h) => h.hour),
          hours.map((h) => encodeSketch(sketches.get(h.key) as LatencySketch)),
        ],
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

  /**
   * Latency sketches of the raw calls matching `where`, one per (group, bucket) as keyed by `partKey`: Postgres
   * counts the calls per sketch bin, the sketches are built from those counts.
   */
  private async sketchBins(
    db: EntityManager,
    group: string,
    bucket: string,
    where: string,
    params: unknown[],
  ): Promise<Map<string, LatencySketch>> {
    const lnGamma = `$${params.length + 1}::float8`;
    const rows: { key: string | null; start: Date | null; bin: number | null; count: string }[] =
      await db.query(
        `SELECT ${group} AS key, ${bucket} AS start, ${SKETCH_BIN('duration_ms', lnGamma)} AS bin, count(*) AS count
       FROM agent_metrics WHERE ${where} GROUP BY 1, 2, 3`,
        [...params, SKETCH_LN_GAMMA],
      );
    const bins = new Map<string, { bin: number | null; count: number }[]>();
    for (const r of rows) {
      const key = partKey({ key: r.key, start: r.start && new Date(r.start) });
      const list = bins.get(key) ?? [];
      list.push({ bin: r.bin, count: Number(r.count) });
      bins.set(key, list);
    }
    return new Map([...bins].map(([key, b]) => [key, sketchOfBins(b)]));
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
