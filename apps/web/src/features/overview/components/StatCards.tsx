import { refusedCalls, type MetricsSummary } from '@switchboard/api-contract';
import type { ReactNode } from 'react';
import { formatNumber, formatMs, formatPercent } from '../../../lib/format';
import { formatCost } from '../lib/format-cost';
import { formatOutcomes } from '../lib/format-outcomes';
import { percentileAccuracy } from '../lib/percentile-accuracy';

function Stat({
  label,
  value,
  detail,
  testId,
}: {
  label: string;
  value: string;
  detail?: ReactNode;
  testId: string;
}) {
  return (
    <div
      data-testid={testId}
      className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
    >
      <dt className="text-sm font-medium text-slate-600 dark:text-slate-400">{label}</dt>
      <dd className="mt-1">
        <span
          data-testid="stat-value"
          className="text-2xl font-semibold tracking-tight text-slate-900 dark:text-white"
        >
          {value}
        </span>
        {detail && <span className="mt-0.5 block text-xs text-slate-600 dark:text-slate-400">{detail}</span>}
      </dd>
    </div>
  );
}

/** p50, and how far the percentiles can be trusted when they are not computed from every call. */
function LatencyDetail({ latency }: { latency: MetricsSummary['calls']['latencyMs'] }) {
  const accuracy = percentileAccuracy(latency.percentiles);
  return (
    <>
      {`p50 ${formatMs(latency.p50)}`}
      {accuracy && (
        <span title={accuracy.explanation} data-testid="stat-latency-accuracy">
          {` · ${accuracy.mark}`}
        </span>
      )}
    </>
  );
}

/** The gateway's totals over the chosen range. */
export function StatCards({ summary }: { summary: MetricsSummary }) {
  const { agents, calls } = summary;
  return (
    <dl className="grid grid-cols-2 gap-4 md:grid-cols-3 xl:grid-cols-6">
      <Stat
        testId="stat-agents"
        label="Agents"
        value={formatNumber(agents.total)}
        detail={`${agents.enabled} enabled`}
      />
      <Stat
        testId="stat-healthy"
        label="Healthy"
        value={formatNumber(agents.healthy)}
        detail={agents.enabled ? `of ${agents.enabled} enabled` : 'no agent enabled'}
      />
      <Stat
        testId="stat-invocations"
        label="Invocations"
        value={formatNumber(calls.invocations)}
        detail={
          <span title={formatOutcomes(calls.outcomes)} data-testid="stat-refused">
            {`${formatNumber(calls.failures)} failed, ${formatNumber(refusedCalls(calls.outcomes))} of them refused`}
          </span>
        }
      />
      <Stat testId="stat-success-rate" label="Success rate" value={formatPercent(calls.successRate)} />
      <Stat
        testId="stat-latency"
        label="Latency p95"
        value={formatMs(calls.latencyMs.p95)}
        detail={<LatencyDetail latency={calls.latencyMs} />}
      />
      <Stat
        testId="stat-cost"
        label="Cost"
        value={formatCost(calls.cost)}
        detail={`${formatNumber(calls.inputTokens + calls.outputTokens)} tokens`}
      />
    </dl>
  );
}
