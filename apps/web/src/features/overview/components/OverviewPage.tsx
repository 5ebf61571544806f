import type { ComponentProps } from 'react';
import { Link, useSearchParams } from 'react-router';
import { EmptyState, LoadError, LoadingState, PageHeader, Panel } from '../../../components/PageState';
import { inputClass, linkClass } from '../../../components/styles';
import { formatDateTime, formatNumber, formatMs } from '../../../lib/format';
import { errorMessage } from '../../../lib/http';
import { useAgentSeries } from '../api/get-agent-series';
import { useMetricsSummary } from '../api/get-metrics-summary';
import { parseRange, RANGE_KEYS, RANGES, type RangeKey } from '../lib/ranges';
import { mergeSeries } from '../lib/series';
import { SeriesChart } from './SeriesChart';
import { StatCards } from './StatCards';
import { TopAgents } from './TopAgents';

/** A chart in its panel, with the series' loading and error states. */
function SeriesPanel({
  title,
  testId,
  state,
  ...chart
}: ComponentProps<typeof SeriesChart> & {
  title: string;
  testId: string;
  state: { pending: boolean; error: unknown; series: readonly unknown[]; deleted: ReadonlySet<string> };
}) {
  return (
    <Panel title={title} testId={testId}>
      {state.pending ? (
        <LoadingState>Loading series…</LoadingState>
      ) : state.error && state.series.length === 0 ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {errorMessage(state.error)}
        </p>
      ) : state.series.length === 0 && state.deleted.size > 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="series-all-deleted">
          The agents called in this range have been deleted since: their calls are counted in the totals and
          listed under Top agents.
        </p>
      ) : (
        <SeriesChart {...chart} />
      )}
    </Panel>
  );
}

/** How many agents the ranking and the charts show. */
const TOP = 5;

export function OverviewPage() {
  const [params, setParams] = useSearchParams();
  const range = parseRange(params.get('range'));
  const summary = useMetricsSummary(range, TOP);
  const top = (summary.data?.topAgents ?? []).filter(
    (agent): agent is typeof agent & { agentId: string } => agent.agentId !== null,
  );
  const series = useAgentSeries(
    top.map((agent) => agent.agentId),
    range,
  );
  const chartAgents = series.series.map((s) => ({ agentId: s.agentId, name: s.name }));
  const requestRows = mergeSeries(series.series, (p) => p.invocations, 0);
  const latencyRows = mergeSeries(series.series, (p) => p.latencyMs.p95, null);

  return (
    <div className="space-y-6">
      <title>Overview · Switchboard</title>
      <PageHeader
        title="Overview"
        description="Calls through every front door (REST, A2A, MCP), refreshed every 15 seconds."
        actions={
          <div className="flex items-center gap-2">
            <label
              htmlFor="overview-range"
              className="text-sm font-medium text-slate-700 dark:text-slate-300"
            >
              Range
            </label>
            <select
              id="overview-range"
              value={range}
              onChange={(event) => setParams({ range: event.target.value as RangeKey }, { replace: true })}
              className={`${inputClass} w-auto`}
            >
              {RANGE_KEYS.map((key) => (
                <option key={key} value={key}>
                  {RANGES[key].label}
                </option>
              ))}
            </select>
          </div>
        }
      />

      {summary.isPending ? (
        <LoadingState testId="overview-loading">Loading gateway metrics…</LoadingState>
      ) : summary.isError && !summary.data ? (
        <LoadError
          title="Could not load metrics"
          testId="overview-error"
          message={errorMessage(summary.error)}
          onRetry={() => void summary.refetch()}
        />
      ) : (
        <>
          <section aria-label="Gateway totals" aria-busy={summary.isFetching}>
            <StatCards summary={summary.data} />
            <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
              {formatDateTime(summary.data.from)} – {formatDateTime(summary.data.to)}
              {!summary.data.exact && ' · older hours come from hourly rollups (percentiles approximate)'}
            </p>
          </section>

          {summary.data.calls.invocations === 0 ? (
            <EmptyState
              testId="overview-empty"
              title={`No calls in the ${RANGES[range].label.toLowerCase()}.`}
            >
              Call an agent (REST, A2A, or a tool of a{' '}
              <Link to="/servers" className={linkClass}>
                virtual server
              </Link>
              ) and it shows up here.
            </EmptyState>
          ) : (
            <>
              <div className="grid gap-6 xl:grid-cols-2">
                <SeriesPanel
                  title="Requests over time"
                  testId="requests-chart"
                  state={series}
                  kind="bar"
                  rows={requestRows}
                  agents={chartAgents}
                  range={range}
                  format={formatNumber}
                  label={`Calls per ${RANGES[range].bucket} of the top ${chartAgents.length} agents`}
                />
                <SeriesPanel
                  title="Latency p95 over time"
                  testId="latency-chart"
                  state={series}
                  kind="line"
                  rows={latencyRows}
                  agents={chartAgents}
                  range={range}
                  format={formatMs}
                  label={`95th percentile latency per ${RANGES[range].bucket} of the top ${chartAgents.length} agents`}
                />
              </div>
              <Panel title="Top agents" testId="top-agents">
                <TopAgents agents={summary.data.topAgents} deleted={series.deleted} />
              </Panel>
            </>
          )}
        </>
      )}
    </div>
  );
}
