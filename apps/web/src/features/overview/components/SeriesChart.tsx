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

const CHART_STYLE = { width: '100%', height: 260 } as const;

/** Several agents over time: stacked bars (counts) or lines (latency). */
export function SeriesChart({ kind, rows, agents, range, format, label }: SeriesChartProps) {
  const xAxis = (
    <XAxis
      dataKey="start"
      {...axisProps}
      tickFormatter={(value: string) => bucketLabel(value, range)}
      minTickGap={24}
    />
  );
  const yAxis = (
    <YAxis {...axisProps} width={56} tickFormatter={(value: number) => format(value)} allowDecimals={false} />
  );
  const tooltip = (
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
  );
  const legend = <Legend wrapperStyle={{ fontSize: 12 }} />;

  return (
    <figure aria-label={label} className="text-slate-500 dark:text-slate-400">
      {kind === 'bar' ? (
        <BarChart
          responsive
          style={CHART_STYLE}
          data={rows}
          margin={{ top: 8, right: 8, left: 0, bottom: 0 }}
        >
          <CartesianGrid {...gridProps} />
          {xAxis}
          {yAxis}
          {tooltip}
          {legend}
          {agents.map((agent, index) => (
            <Bar
              key={agent.agentId}
              dataKey={agentColumn(agent.agentId)}
              name={agent.name}
              stackId="calls"
              fill={SERIES_COLORS[index % SERIES_COLORS.length]}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      ) : (
        <LineChart
          responsive
          style={CHART_STYLE}
          data={rows}
          margin={{ top: 8, right: 8, left: 0, bottom: 0 }}
        >
          <CartesianGrid {...gridProps} />
          {xAxis}
          {yAxis}
          {tooltip}
          {legend}
          {agents.map((agent, index) => (
            <Line
              key={agent.agentId}
              dataKey={agentColumn(agent.agentId)}
              name={agent.name}
              type="monotone"
              stroke={SERIES_COLORS[index % SERIES_COLORS.length]}
              strokeWidth={2}
              dot={rows.length < 3}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      )}
    </figure>
  );
}
