import {
  METRICS_SKETCH_RELATIVE_ACCURACY,
  type AgentMetrics,
  type MetricsSummary,
} from '@switchboard/api-contract';
import { MetricsService } from '../src/metrics/metrics.service';
import { TestApi, type ErrorBody } from './harness';

const HOUR = 3_600_000;
const floorHour = (t: number) => Math.floor(t / HOUR) * HOUR;

/** Postgres's percentile_cont: linear interpolation between the two closest ranks. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * The stated bound of a percentile from sketches: within METRICS_SKETCH_RELATIVE_ACCURACY of a duration between
 * the two calls at the percentile's rank (the API rounds to 0.001 ms).
 */
function expectWithinSketchBound(actual: number | null, values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  const pos = p * (sorted.length - 1);
  const alpha = METRICS_SKETCH_RELATIVE_ACCURACY;
  expect(actual).not.toBeNull();
  expect(actual).toBeGreaterThanOrEqual(sorted[Math.floor(pos)] * (1 - alpha) - 0.001);
  expect(actual).toBeLessThanOrEqual(sorted[Math.ceil(pos)] * (1 + alpha) + 0.001);
}

/** A deterministic spread of durations (ms) with a long tail. */
function durations(n: number, seed: number): number[] {
  let x = seed;
  return Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const u = x / 2 ** 31;
    return Math.round((u < 0.9 ? 5 + u * 100 : 100 + (u - 0.9) * 20_000) * 1000) / 1000;
  });
}

interface Call {
  at: number;
  ms: number;
  ok: boolean;
  /** Default: success when ok, else failure. */
  outcome?: string;
}

describe('metrics API: totals, time series and rollups, checked against a reference computation', () => {
  let api: TestApi;
  let agentId: string;

  const insert = async (calls: Call[], id = agentId, name = 'chart') => {
    await api.db.query(
      `INSERT INTO agent_metrics (agent_id, agent_name, caller_id, front_door, operation, started_at,
         duration_ms, ok, outcome, attempts, input_tokens, output_tokens, cost)
       SELECT $1, $2, NULL, 'rest', 'send', t, d, ok, o, 1, 10, 5, 0.01
       FROM unnest($3::timestamptz[], $4::float8[], $5::bool[], $6::text[]) AS c(t, d, ok, o)`,
      [
        id,
        name,
        calls.map((c) => new Date(c.at)),
        calls.map((c) => c.ms),
        calls.map((c) => c.ok),
        calls.map((c) => c.outcome ?? (c.ok ? 'success' : 'failure')),
      ],
    );
  };
  const series = (query: string) => api.get<AgentMetrics & ErrorBody>(`/a2a/${agentId}/metrics?${query}`);
  const rollUp = () => api.app.get(MetricsService).rollUp();
  const iso = (t: number) => new Date(t).toISOString();
  const expectLatency = (latency: MetricsSummary['calls']['latencyMs'], values: number[]) => {
    expect(latency.p50).toBeCloseTo(percentile(values, 0.5), 2);
    expect(latency.p95).toBeCloseTo(percentile(values, 0.95), 2);
    expect(latency.p99).toBeCloseTo(percentile(values, 0.99), 2);
    expect(latency.min).toBeCloseTo(Math.min(...values), 2);
    expect(latency.max).toBeCloseTo(Math.max(...values), 2);
  };

  beforeAll(async () => {
    // Raw rows of whole hours older than an hour are rolled up and dropped; the job runs only on demand.
    api = await TestApi.start({ METRICS_RAW_RETENTION_HOURS: '1', METRICS_ROLLUP_INTERVAL_MS: '0' });
  });
  beforeEach(async () => {
    await api.reset();
    agentId = (await api.createAgent({ name: 'chart' })).id;
  });
  afterAll(() => api.close());

  it('totals and per-minute series of recent calls are exact', async () => {
    const now = Date.now();
    const ms = durations(300, 7);
    const calls = ms.map((d, i) => ({ at: now - 50 * 60_000 + i * 9_000, ms: d, ok: i % 10 !== 0 }));
    await insert(calls);

    const summary = await api.get<MetricsSummary>(`/metrics?from=${iso(now - HOUR)}&to=${iso(now + 1000)}`);
    expect(summary.status).toBe(200);
    expect(summary.body.exact).toBe(true);
    expect(summary.body.calls).toMatchObject({
      invocations: 300,
      successes: 270,
      failures: 30,
      successRate: 0.9,
    });
    expect(summary.body.calls.cost).toBeCloseTo(3, 6);
    expect(summary.body.calls.inputTokens).toBe(3000);
    expectLatency(summary.body.calls.latencyMs, ms);
    expect(summary.body.topAgents[0]).toMatchObject({ agentId, name: 'chart', invocations: 300 });

    const minutes = await series(`bucket=minute&from=${iso(now - HOUR)}&to=${iso(now + 1000)}`);
    expect(minutes.status).toBe(200);
    const byMinute = new Map<number, number[]>();
    for (const c of calls)
      byMinute.set(Math.floor(c.at / 60_000), [...(byMinute.get(Math.floor(c.at / 60_000)) ?? []), c.ms]);
    expect(minutes.body.points).toHaveLength(byMinute.size);
    for (const point of minutes.body.points) {
      const values = byMinute.get(new Date(point.start).getTime() / 60_000) as number[];
      expect(point.invocations).toBe(values.length);
      expectLatency(point.latencyMs, values);
    }
  });

  it('old hours come from rollups with each hour’s exact percentiles; the raw rows are dropped', async () => {
    const hour = floorHour(Date.now());
    const h3 = durations(100, 11);
    const h2 = durations(50, 13);
    const recent = durations(20, 17);
    await insert(h3.map((ms, i) => ({ at: hour - 3 * HOUR + i * 30_000, ms, ok: true })));
    await insert(
      h2.map((ms, i) => ({
        at: hour - 2 * HOUR + i * 60_000,
        ms,
        ok: i !== 0,
        outcome: i === 0 ? 'rate_limited' : 'success',
      })),
    );
    await insert(recent.map((ms, i) => ({ at: Math.max(hour, Date.now() - 60_000) + i, ms, ok: true })));

    await rollUp();
    const [{ raw }] = await api.db.query(`SELECT count(*)::int AS raw FROM agent_metrics`);
    expect(raw).toBe(20); // the two old hours are only in the rollups now

    const res = await series(`bucket=hour&from=${iso(hour - 4 * HOUR)}&to=${iso(Date.now() + 1000)}`);
    expect(res.status).toBe(200);
    expect(res.body.exact).toBe(false);
    const points = new Map(res.body.points.map((p) => [new Date(p.start).getTime(), p]));
    for (const [start, values] of [
      [hour - 3 * HOUR, h3],
      [hour - 2 * HOUR, h2],
      [hour, recent],
    ] as const) {
      const point = points.get(start);
      expect(point?.invocations).toBe(values.length);
      expectLatency(point!.latencyMs, values);
    }
    const total = await api.get<MetricsSummary>(
      `/metrics?from=${iso(hour - 4 * HOUR)}&to=${iso(Date.now() + 1000)}`,
    );
    expect(total.body.calls).toMatchObject({ invocations: 170, failures: 1 });
    // Outcomes survive the rollup: the refused call of an old hour is still a refused call.
    expect(total.body.calls.outcomes).toMatchObject({ success: 169, rate_limited: 1, failure: 0 });
    expect(points.get(hour - 2 * HOUR)?.outcomes).toMatchObject({ success: 49, rate_limited: 1 });
    expect(total.body.calls.latencyMs.max).toBeCloseTo(Math.max(...h3, ...h2, ...recent), 2);
  });

  describe('percentiles over rolled-up hours come from merged sketches, within the stated bound', () => {
    // A busy fast hour and a quiet slow one: a call-weighted mean of their p95s (≈ 190 ms) is nowhere near
    // the p95 of their calls together (a slow call, ≈ 2 s).
    const fast = durations(1000, 21).map((ms) => 5 + (ms % 10));
    const slow = durations(100, 23).map((ms) => 1500 + ms * 4);
    const all = [...fast, ...slow];
    const expectSketched = (latency: MetricsSummary['calls']['latencyMs'], values: number[]) => {
      for (const [p, v] of [
        [0.5, latency.p50],
        [0.95, latency.p95],
        [0.99, latency.p99],
      ] as const)
        expectWithinSketchBound(v, values, p);
      expect(latency.percentiles).toBe('sketch');
    };
    let day: number;

    beforeEach(async () => {
      // Two hours of one day, both older than the raw window.
      day = Math.floor((Date.now() - 2 * 86_400_000) / 86_400_000) * 86_400_000;
      await insert(fast.map((ms, i) => ({ at: day + 3 * HOUR + i * 3_000, ms, ok: true })));
      await insert(slow.map((ms, i) => ({ at: day + 7 * HOUR + i * 30_000, ms, ok: true })));
      await rollUp();
      const [{ raw }] = await api.db.query(`SELECT count(*)::int AS raw FROM agent_metrics`);
      expect(raw).toBe(0);
    });

    it('a summary over both hours reports the p50/p95/p99 of all their calls', async () => {
      const res = await api.get<MetricsSummary>(`/metrics?from=${iso(day)}&to=${iso(day + 86_400_000)}`);
      expect(res.status).toBe(200);
      expect(res.body.exact).toBe(false);
      expect(res.body.calls.invocations).toBe(1100);
      expectSketched(res.body.calls.latencyMs, all);
      expect(res.body.calls.latencyMs.p95).toBeGreaterThan(1500);
      expectSketched(res.body.topAgents[0].latencyMs, all);
    });

    it('a day bucket of the time series does too; an hour bucket keeps its hour’s exact percentiles', async () => {
      const days = await series(`bucket=day&from=${iso(day)}&to=${iso(day + 86_400_000)}`);
      expect(days.status).toBe(200);
      expect(days.body.points).toHaveLength(1);
      expectSketched(days.body.points[0].latencyMs, all);

      const hours = await series(`bucket=hour&from=${iso(day)}&to=${iso(day + 86_400_000)}`);
      expect(hours.body.points.map((p) => p.invocations)).toEqual([1000, 100]);
      expectLatency(hours.body.points[1].latencyMs, slow);
    });

    it('a window from rolled-up hours into the raw window merges recent calls by sketch', async () => {
      const recent = durations(200, 29).map((ms) => 300 + ms);
      await insert(recent.map((ms, i) => ({ at: Date.now() - 30 * 60_000 + i * 1_000, ms, ok: true })));
      const res = await api.get<MetricsSummary>(`/metrics?from=${iso(day)}&to=${iso(Date.now() + 1000)}`);
      expect(res.body.calls.invocations).toBe(1300);
      expectSketched(res.body.calls.latencyMs, [...all, ...recent]);
    });

    it('late calls of a sealed hour are merged into its sketch', async () => {
      const late = durations(50, 31).map((ms) => 9000 + ms);
      await insert(late.map((ms, i) => ({ at: day + 3 * HOUR + 1_000 + i, ms, ok: true })));
      await rollUp();
      const res = await api.get<MetricsSummary>(`/metrics?from=${iso(day)}&to=${iso(day + 86_400_000)}`);
      expect(res.body.calls.invocations).toBe(1150);
      expectSketched(res.body.calls.latencyMs, [...all, ...late]);
      // One hour alone: its stored percentiles now come from its merged sketch too.
      const hour = await series(`bucket=hour&from=${iso(day + 3 * HOUR)}&to=${iso(day + 4 * HOUR)}`);
      expectSketched(hour.body.points[0].latencyMs, [...fast, ...late]);
    });

    it('hours rolled up before sketches were kept stay readable and are said to be approximate', async () => {
      await api.db.query(`UPDATE agent_metrics_hourly SET duration_sketch = NULL WHERE hour = $1`, [
        new Date(day + 7 * HOUR),
      ]);
      const res = await api.get<MetricsSummary>(`/metrics?from=${iso(day)}&to=${iso(day + 86_400_000)}`);
      expect(res.status).toBe(200);
      expect(res.body.calls.invocations).toBe(1100);
      expect(res.body.calls.latencyMs.percentiles).toBe('approximate');
      expect(res.body.calls.latencyMs.p95).not.toBeNull();
    });
  });

  it('counts rows that arrive late exactly once, and rolling up again changes nothing', async () => {
    const hour = floorHour(Date.now());
    await insert(durations(10, 3).map((ms, i) => ({ at: hour - 2 * HOUR + i * 1000, ms, ok: true })));
    await rollUp(); // sealed: its raw rows are gone
    await insert(
      durations(4, 5).map((ms, i) => ({
        at: hour - 2 * HOUR + 600_000 + i,
        ms,
        ok: false,
        outcome: 'circuit_open',
      })),
    );
    await rollUp();
    await rollUp();
    const [row] = await api.db.query(
      `SELECT count, failures, sealed, outcomes FROM agent_metrics_hourly WHERE hour = $1`,
      [new Date(hour - 2 * HOUR)],
    );
    expect(row).toMatchObject({ count: 14, failures: 4, sealed: true });
    expect(row.outcomes).toMatchObject({ success: 10, circuit_open: 4, failure: 0 });

    // An hour still in the raw window is recomputed, not added to.
    await insert([{ at: hour - HOUR + 1000, ms: 5, ok: true }]);
    await rollUp();
    await insert([{ at: hour - HOUR + 2000, ms: 6, ok: true }]);
    await rollUp();
    await rollUp();
    const rows = await api.db.query(`SELECT count, sealed FROM agent_metrics_hourly WHERE hour = $1`, [
      new Date(hour - HOUR),
    ]);
    expect(rows[0].count).toBe(2);
  });

  it('catalog reads carry each agent’s all-time calls, rolled-up hours included', async () => {
    const hour = floorHour(Date.now());
    await insert([
      { at: hour - 3 * HOUR, ms: 10, ok: true },
      { at: hour - 3 * HOUR + 1, ms: 20, ok: false },
    ]);
    await rollUp();
    await insert([{ at: Date.now() - 1000, ms: 30, ok: true }]);
    const idle = (await api.createAgent({ name: 'idle' })).id;
    const list = await api.get<{ items: { id: string; metrics?: unknown }[] }>('/a2a');
    const byId = new Map(list.body.items.map((a) => [a.id, a.metrics]));
    expect(byId.get(agentId)).toEqual({ invocations: 3, successRate: 0.6667, avgLatencyMs: 20 });
    expect(byId.get(idle)).toEqual({ invocations: 0, successRate: null, avgLatencyMs: null });
    expect((await api.get<{ metrics: unknown }>(`/a2a/${agentId}`)).body.metrics).toEqual(byId.get(agentId));
  });

  it.each([
    ['bucket=week', 'bucket'],
    [`from=${new Date(Date.now()).toISOString()}&to=${new Date(Date.now() - 1000).toISOString()}`, 'from'],
    ['from=yesterday', 'from'],
    [`bucket=minute&from=${new Date(Date.now() - 5 * 86_400_000).toISOString()}`, 'bucket'],
    [`bucket=hour&from=${new Date(Date.now() - 400 * 86_400_000).toISOString()}`, 'bucket'],
  ])('answers 400 to %s, naming %s', async (query, field) => {
    const res = await series(query);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain(field);
  });

  it('refuses minute buckets before the raw window, and unknown agents', async () => {
    const hour = floorHour(Date.now());
    await insert([{ at: hour - 3 * HOUR, ms: 1, ok: true }]);
    await rollUp();
    const res = await series(`bucket=minute&from=${iso(hour - 3 * HOUR)}&to=${iso(hour - 2 * HOUR)}`);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('raw window');
    expect((await api.get('/a2a/8d5e8f9a-3c1b-4d2e-9f00-123456789abc/metrics')).status).toBe(404);
    // Not a UUID: a name or slug, and no agent has it.
    expect((await api.get('/a2a/not-a-uuid/metrics')).status).toBe(404);
  });

  it('resets one agent’s metrics or all (admins only)', async () => {
    const other = (await api.createAgent({ name: 'other' })).id;
    await insert([{ at: Date.now() - 1000, ms: 1, ok: true }]);
    await insert([{ at: Date.now() - 1000, ms: 1, ok: true }], other, 'other');
    const viewer = await api.createToken('viewer');
    expect((await api.post('/metrics/reset', {}, { token: viewer })).status).toBe(403);
    expect((await api.post('/metrics/reset', { agentId })).status).toBe(204);
    const left = await api.db.query('SELECT agent_name FROM agent_metrics');
    expect(left).toEqual([{ agent_name: 'other' }]);
    expect((await api.post('/metrics/reset', {})).status).toBe(204);
    expect(await api.db.query('SELECT 1 FROM agent_metrics')).toEqual([]);
    expect((await api.post('/metrics/reset', { agentId: 'x' })).status).toBe(400);
  });
});
