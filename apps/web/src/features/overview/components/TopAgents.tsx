import { refusedCalls } from '@switchboard/api-contract';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { TableHead, tableClass, tdClass } from '../../../components/PageState';
import { formatNumber, formatMs, formatPercent } from '../../../lib/format';
import { formatCost } from '../lib/format-cost';
import { formatOutcomes } from '../lib/format-outcomes';
import { topAgentName, type TopAgent } from '../lib/top-agents';
import { axisProps, ChartTooltip, gridProps, SERIES_COLORS } from './chart-theme';

const TOP_AGENT_COLUMNS = [
  { label: 'Agent' },
  { label: 'Calls', align: 'right' },
  { label: 'Success', align: 'right' },
  { label: 'Refused', align: 'right' },
  { label: 'Avg latency', align: 'right' },
  { label: 'Cost', align: 'right' },
] as const;

/**
 * The busiest agents: a bar per agent, and the numbers as a table (also what screen readers get). Agents
 * deleted since their calls keep their row, marked as deleted.
 */
export function TopAgents({
  agents,
  deleted = new Set(),
}: {
  agents: readonly TopAgent[];
  deleted?: ReadonlySet<string>;
}) {
  const rows = agents.map((agent) => ({
    name: topAgentName(agent, deleted),
    invocations: agent.invocations,
  }));
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <div aria-hidden="true" className="text-slate-500 dark:text-slate-400">
        <BarChart
          responsive
          layout="vertical"
          style={{ width: '100%', height: Math.max(120, rows.length * 40 + 40) }}
          data={rows}
          margin={{ top: 0, right: 16, left: 0, bottom: 0 }}
        >
          <CartesianGrid {...gridProps} horizontal={false} vertical />
          <XAxis type="number" {...axisProps} allowDecimals={false} />
          <YAxis type="category" dataKey="name" {...axisProps} width={140} />
          <Tooltip
            content={(props) => (
              <ChartTooltip
                active={props.active}
                payload={props.payload}
                label={props.label}
                format={formatNumber}
              />
            )}
          />
          <Bar dataKey="invocations" name="Invocations" fill={SERIES_COLORS[0]} isAnimationActive={false} />
        </BarChart>
      </div>
      <div className="overflow-x-auto">
        <table className={tableClass}>
          <caption className="sr-only">Top agents by invocations</caption>
          <TableHead columns={TOP_AGENT_COLUMNS} />
          <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
            {agents.map((agent, index) => (
              <tr key={agent.agentId ?? `${agent.name}-${index}`} data-testid="top-agent-row">
                <th scope="row" className={`${tdClass} text-left font-medium text-slate-900 dark:text-white`}>
                  <span data-testid="top-agent-name">{rows[index].name}</span>
                </th>
                <td className={`${tdClass} text-right tabular-nums`} data-testid="top-agent-invocations">
                  {formatNumber(agent.invocations)}
                </td>
                <td className={`${tdClass} text-right tabular-nums`}>{formatPercent(agent.successRate)}</td>
                <td
                  className={`${tdClass} text-right tabular-nums`}
                  title={formatOutcomes(agent.outcomes)}
                  data-testid="top-agent-refused"
                >
                  {formatNumber(refusedCalls(agent.outcomes))}
                </td>
                <td className={`${tdClass} text-right tabular-nums`}>{formatMs(agent.latencyMs.avg)}</td>
                <td className={`${tdClass} text-right tabular-nums`}>{formatCost(agent.cost)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
