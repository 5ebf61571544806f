import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { bucketLabel, type RangeKey } from '../lib/ranges';
import { agentColumn, type SeriesRow } from '../lib/series';
import { axisProps, ChartTooltip, gridProps, SERIES_COLORS } from './chart-theme';

interface SeriesChartProps {
  kind: 'bar' | 'line';
  rows: SeriesRow[];
  agents: readonly { agentId: string; name: string }[];
  range: RangeKey;
  format: (value: number) => string;
  /** Describes the chart to assistive technology. */
  label: string;
}

/** Several agents over time: stacked bars (counts) or lines (latency). */
export function SeriesChart({ kind, rows, agents, range, format, label }: SeriesChartProps) {
  const Chart = kind === 'bar' ? BarChart : LineChart;
  return (
    <figure aria-label={label} className="text-slate-500 dark:text-slate-400">
      <Chart
        responsive
        style={{ width: '100%', height: 260 }}
        data={rows}
        margin={{ top: 8, right: 8, left: 0, bottom: 0 }}
      >
        <CartesianGrid {...gridProps} />
        <XAxis
          dataKey="start"
          {...axisProps}
          tickFormatter={(value: string) => bucketLabel(value, range)}
          minTickGap={24}
        />
        <YAxis
          {...axisProps}
          width={56}
          tickFormatter={(value: number) => format(value)}
          allowDecimals={false}
        />
        <Tooltip
          content={(props) => (
            <ChartTooltip
              active={props.active}
              payload={props.payload}
              label={typeof props.label === 'string' ? bucketLabel(props.label, range) : props.label}
              format={format}
            />
          )}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {agents.map((agent, index) => {
          const color = SERIES_COLORS[index % SERIES_COLORS.length];
          const series = { dataKey: agentColumn(agent.agentId), name: agent.name, isAnimationActive: false };
          return kind === 'bar' ? (
            <Bar key={agent.agentId} {...series} stackId="calls" fill={color} maxBarSize={48} />
          ) : (
            <Line
              key={agent.agentId}
              {...series}
              // Straight segments between real buckets: a curve would invent values between them.
              type="linear"
              stroke={color}
              strokeWidth={2}
              dot={{ r: 2 }}
              connectNulls={false}
            />
          );
        })}
      </Chart>
    </figure>
  );
}
