import type { MetricsBucket, MetricsPoint } from '@switchboard/api-contract';
import type { ReactNode } from 'react';
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from 'recharts';
import { formatMs, formatNumber, formatPercent } from '../../../lib/format';

/**
 * Every line of these charts: visible points joined by straight segments, a gap where a bucket had no calls,
 * drawn at once — nothing between two real buckets is made up.
 */
const LINE_STYLE = {
  type: 'linear',
  strokeWidth: 2,
  dot: { r: 2 },
  connectNulls: false,
  isAnimationActive: false,
} as const;

/** One bucket, flattened for the charts (percentages 0–100, ms). */
interface ChartRow {
  time: number;
  successes: number;
  failures: number;
  successRate: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  cost: number;
}

const BUCKET_MS: Record<MetricsBucket, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

function rowOf(p: MetricsPoint): ChartRow {
  return {
    time: new Date(p.start).getTime(),
    successes: p.successes,
    failures: p.failures,
    successRate: p.successRate === null ? null : Math.round(p.successRate * 1000) / 10,
    p50: p.latencyMs.p50,
    p95: p.latencyMs.p95,
    p99: p.latencyMs.p99,
    cost: p.cost,
  };
}

/**
 * One row per bucket of the window. The API leaves empty buckets out; they are put back (no calls,
 * no latency) so the time axis is even and a quiet period shows as one.
 */
export function chartRows(
  points: readonly MetricsPoint[],
  window: { from: string; to: string; bucket: MetricsBucket },
): ChartRow[] {
  const size = BUCKET_MS[window.bucket];
  const byStart = new Map(points.map((p) => [new Date(p.start).getTime(), rowOf(p)]));
  const rows: ChartRow[] = [];
  const end = new Date(window.to).getTime();
  for (let t = Math.floor(new Date(window.from).getTime() / size) * size; t < end; t += size) {
    rows.push(
      byStart.get(t) ?? {
        time: t,
        successes: 0,
        failures: 0,
        successRate: null,
        p50: null,
        p95: null,
        p99: null,
        cost: 0,
      },
    );
    byStart.delete(t);
  }
  // Points off the grid (should the API align buckets differently) are kept, in order.
  return [...rows, ...byStart.values()].sort((a, b) => a.time - b.time);
}

const COLORS = {
  successes: '#10b981',
  failures: '#ef4444',
  rate: '#6366f1',
  p50: '#0ea5e9',
  p95: '#f59e0b',
  p99: '#ef4444',
  cost: '#8b5cf6',
};

const axisTick = { fill: 'currentColor', fontSize: 12 };

function timeFormatter(spanMs: number) {
  const format = new Intl.DateTimeFormat(
    'en-GB',
    spanMs > 2 * 86_400_000 ? { day: '2-digit', month: 'short' } : { hour: '2-digit', minute: '2-digit' },
  );
  return (value: number) => format.format(new Date(value));
}

const fullTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

function ChartTooltip({
  active,
  payload,
  label,
  format,
}: TooltipContentProps & { format: (value: number) => string }) {
  if (!active || !payload?.length) return null;
  return (
    <div className="rounded-md bg-white px-3 py-2 text-xs text-slate-900 shadow-lg ring-1 ring-slate-200 dark:bg-slate-800 dark:text-slate-100 dark:ring-slate-600">
      <p className="font-semibold">{fullTime.format(new Date(Number(label)))}</p>
      <ul className="mt-1 space-y-0.5">
        {payload.map((entry) => (
          <li key={String(entry.dataKey)} className="flex items-center gap-2">
            <span aria-hidden="true" className="size-2 rounded-full" style={{ background: entry.color }} />
            {entry.name}: {typeof entry.value === 'number' ? format(entry.value) : '—'}
          </li>
        ))}
      </ul>
    </div>
  );
}

function ChartFigure({
  title,
  summary,
  testId,
  children,
}: {
  title: string;
  /** What the chart shows, in words, for screen readers and as a caption. */
  summary: string;
  testId: string;
  children: ReactNode;
}) {
  return (
    <figure
      data-testid={testId}
      className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-700"
    >
      <figcaption>
        <span className="block text-sm font-semibold text-slate-900 dark:text-slate-100">{title}</span>
        <span className="block text-xs text-slate-600 dark:text-slate-400" data-testid="chart-summary">
          {summary}
        </span>
      </figcaption>
      <div className="mt-3 h-56 text-slate-600 dark:text-slate-400" aria-hidden="true">
        {children}
      </div>
    </figure>
  );
}

function mean(values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? known.reduce((a, b) => a + b, 0) / known.length : null;
}

/** Requests, success rate, latency percentiles and cost of an agent over one window. */
export function AgentMetricsCharts({
  points,
  from,
  to,
  bucket,
}: {
  points: readonly MetricsPoint[];
  from: string;
  to: string;
  bucket: MetricsBucket;
}) {
  const rows = chartRows(points, { from, to, bucket });
  const tickFormat = timeFormatter(new Date(to).getTime() - new Date(from).getTime());
  const xAxis = (
    <XAxis
      dataKey="time"
      tickFormatter={tickFormat}
      tick={axisTick}
      stroke="currentColor"
      strokeOpacity={0.3}
      minTickGap={24}
    />
  );
  const grid = <CartesianGrid stroke="currentColor" strokeOpacity={0.12} vertical={false} />;
  const legend = <Legend wrapperStyle={{ fontSize: 12 }} />;
  const calls = points.reduce((n, p) => n + p.invocations, 0);
  const successes = points.reduce((n, p) => n + p.successes, 0);
  const cost = points.reduce((n, p) => n + p.cost, 0);
  const worstP95 = Math.max(...points.map((p) => p.latencyMs.p95 ?? 0));

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <ChartFigure
        title="Requests"
        testId="chart-requests"
        summary={`${formatNumber(calls)} calls: ${formatNumber(successes)} succeeded, ${formatNumber(calls - successes)} failed.`}
      >
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows}>
            {grid}
            {xAxis}
            <YAxis
              allowDecimals={false}
              tick={axisTick}
              stroke="currentColor"
              strokeOpacity={0.3}
              width={40}
            />
            <Tooltip content={(props) => <ChartTooltip {...props} format={(v) => formatNumber(v)} />} />
            {legend}
            <Bar
              dataKey="successes"
              name="Succeeded"
              stackId="calls"
              fill={COLORS.successes}
              isAnimationActive={false}
            />
            <Bar
              dataKey="failures"
              name="Failed"
              stackId="calls"
              fill={COLORS.failures}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      </ChartFigure>
      <ChartFigure
        title="Success rate"
        testId="chart-success-rate"
        summary={`Overall ${formatPercent(calls ? successes / calls : null)}.`}
      >
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={rows}>
            {grid}
            {xAxis}
            <YAxis
              domain={[0, 100]}
              tickFormatter={(v: number) => `${v}%`}
              tick={axisTick}
              stroke="currentColor"
              strokeOpacity={0.3}
              width={44}
            />
            <Tooltip content={(props) => <ChartTooltip {...props} format={(v) => `${v}%`} />} />
            <Line dataKey="successRate" name="Success rate" stroke={COLORS.rate} {...LINE_STYLE} />
          </LineChart>
        </ResponsiveContainer>
      </ChartFigure>
      <ChartFigure
        title="Latency (ms)"
        testId="chart-latency"
        summary={`p50 ${formatMs(mean(rows.map((r) => r.p50)))} on average; worst p95 ${formatMs(points.length ? worstP95 : null)}.`}
      >
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={rows}>
            {grid}
            {xAxis}
            <YAxis
              tickFormatter={(v: number) => `${v}`}
              tick={axisTick}
              stroke="currentColor"
              strokeOpacity={0.3}
              width={48}
            />
            <Tooltip content={(props) => <ChartTooltip {...props} format={(v) => formatMs(v)} />} />
            {legend}
            {(['p50', 'p95', 'p99'] as const).map((key) => (
              <Line key={key} dataKey={key} name={key} stroke={COLORS[key]} {...LINE_STYLE} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </ChartFigure>
      <ChartFigure
        title="Cost"
        testId="chart-cost"
        summary={`Total ${formatNumber(cost, 4)} in this window.`}
      >
        <ResponsiveContainer width="100%" height="100%">
          <AreaChart data={rows}>
            {grid}
            {xAxis}
            <YAxis tick={axisTick} stroke="currentColor" strokeOpacity={0.3} width={48} />
            <Tooltip content={(props) => <ChartTooltip {...props} format={(v) => formatNumber(v, 4)} />} />
            <Area
              dataKey="cost"
              name="Cost"
              stroke={COLORS.cost}
              fill={COLORS.cost}
              fillOpacity={0.2}
              isAnimationActive={false}
            />
          </AreaChart>
        </ResponsiveContainer>
      </ChartFigure>
    </div>
  );
}
