import { AGENT_PROVIDER_LABELS } from '@switchboard/a2a-protocol';
import type { AgentRead } from '@switchboard/api-contract';
import { useState, type ReactNode } from 'react';
import { Link, NavLink, useParams } from 'react-router';
import { ErrorAlert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { Spinner } from '../../../components/Spinner';
import { buttonClass, focusRing, linkClass } from '../../../components/styles';
import {
  EMPTY,
  formatDateTime,
  formatMs,
  formatNumber,
  formatPercent,
  formatRelative,
} from '../../../lib/format';
import { errorMessage } from '../../../lib/http';
import { toast } from '../../../lib/toast';
import { useAuth } from '../../auth/hooks/use-auth';
import { useAgentHealthHistory } from '../api/agent-health-history';
import { useAgentMetrics } from '../api/agent-metrics';
import { useAgent } from '../api/get-agent';
import type { SeriesWindow } from '../../overview/api/keys';
import { useRefreshCard } from '../api/refresh-card';
import { useTaskList } from '../../tasks/api/list-tasks';
import { taskStateLabel } from '../../../lib/task-state-labels';
import { AgentCardView } from './AgentCardView';
import { AgentMetricsCharts } from './AgentMetricsCharts';
import { AgentPlayground } from './AgentPlayground';
import { HealthBadge, healthLabel } from './HealthBadge';

const card =
  'rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:p-6 dark:bg-slate-900 dark:ring-slate-700';
const h2 = 'text-lg font-semibold text-slate-900 dark:text-slate-100';
const dt = 'text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400';

function Section({
  title,
  action,
  children,
  testId,
}: {
  title: string;
  action?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  const id = `section-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <section aria-labelledby={id} className={card} data-testid={testId}>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <h2 id={id} className={h2}>
          {title}
        </h2>
        {action}
      </div>
      {children}
    </section>
  );
}

function Loading({ what }: { what: string }) {
  return (
    <p role="status" className="flex items-center gap-2 text-sm text-slate-600 dark:text-slate-400">
      <Spinner className="size-4" /> Loading {what}…
    </p>
  );
}

export type AgentDetailTab = 'overview' | 'playground';

/** `/agents/:id` (overview) and `/agents/:id/playground`. */
export function AgentDetailPage({ tab }: { tab: AgentDetailTab }) {
  const { id = '' } = useParams();
  const agent = useAgent(id, 10_000);

  if (agent.isPending) {
    return (
      <div
        role="status"
        data-testid="agent-loading"
        className="flex items-center gap-3 py-10 text-slate-700 dark:text-slate-300"
      >
        <Spinner /> Loading agent…
      </div>
    );
  }
  if (agent.isError) {
    return (
      <div className="max-w-xl space-y-4">
        <title>Agent · Switchboard</title>
        <h1 className="text-2xl font-bold tracking-tight">Agent</h1>
        <ErrorAlert
          title="Could not load the agent"
          action={
            <Button size="sm" variant="secondary" onClick={() => void agent.refetch()}>
              Retry
            </Button>
          }
        >
          {errorMessage(agent.error)}
        </ErrorAlert>
        <Link to="/agents" className={linkClass}>
          Back to agents
        </Link>
      </div>
    );
  }
  return <AgentDetail agent={agent.data} tab={tab} />;
}

function AgentDetail({ agent, tab }: { agent: AgentRead; tab: AgentDetailTab }) {
  const { canWrite } = useAuth();
  const refresh = useRefreshCard();
  const tabClass = ({ isActive }: { isActive: boolean }) =>
    `rounded-md px-3 py-1.5 text-sm font-semibold ${focusRing} ${
      isActive
        ? 'bg-indigo-50 text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200'
        : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'
    }`;

  return (
    <div className="space-y-6">
      <title>{`${agent.name}${tab === 'playground' ? ' · Playground' : ''} · Switchboard`}</title>
      <div>
        <Link to="/agents" className={`text-sm ${linkClass}`}>
          <span aria-hidden="true">← </span>Back to agents
        </Link>
        <div className="mt-2 flex flex-wrap items-start justify-between gap-4">
          <div className="min-w-0">
            <h1 className="flex flex-wrap items-center gap-3 text-2xl font-bold tracking-tight text-slate-900 dark:text-slate-100">
              <span className="break-all">{agent.name}</span>
              <HealthBadge health={agent.health} />
            </h1>
            {agent.description && (
              <p className="mt-1 max-w-3xl text-sm text-slate-600 dark:text-slate-400">{agent.description}</p>
            )}
          </div>
          {canWrite && (
            <div className="flex flex-wrap gap-2">
              {agent.cardUrl && (
                <Button
                  variant="secondary"
                  busy={refresh.isPending}
                  onClick={() =>
                    refresh.mutate(agent.id, {
                      onSuccess: () => toast.success(`The card of ${agent.name} was read again.`),
                      onError: (error) => toast.error(error, 'Could not refresh the card'),
                    })
                  }
                >
                  Refresh card
                </Button>
              )}
              <Link to={`/agents/${agent.id}/edit`} className={buttonClass('primary')}>
                Edit
              </Link>
            </div>
          )}
        </div>
        <dl className="mt-4 grid grid-cols-2 gap-4 sm:grid-cols-4" data-testid="agent-summary">
          <Stat label="Calls">{formatNumber(agent.metrics.invocations)}</Stat>
          <Stat label="Success rate">{formatPercent(agent.metrics.successRate)}</Stat>
          <Stat label="Mean latency">{formatMs(agent.metrics.avgLatencyMs)}</Stat>
          <Stat label="Last call">
            {agent.lastInteraction ? (
              <time dateTime={agent.lastInteraction} title={formatDateTime(agent.lastInteraction)}>
                {formatRelative(agent.lastInteraction)}
              </time>
            ) : (
              EMPTY
            )}
          </Stat>
        </dl>
      </div>

      <nav
        aria-label="Agent sections"
        className="flex gap-2 border-b border-slate-200 pb-2 dark:border-slate-800"
      >
        <NavLink end to={`/agents/${agent.id}`} className={tabClass}>
          Overview
        </NavLink>
        <NavLink to={`/agents/${agent.id}/playground`} className={tabClass}>
          Playground
        </NavLink>
      </nav>

      {tab === 'playground' ? (
        <AgentPlayground agent={agent} />
      ) : (
        <div className="space-y-6">
          <MetricsSection agent={agent} />
          <div className="grid gap-6 xl:grid-cols-2">
            <Section title="Agent Card" testId="agent-card-section">
              {agent.card ? (
                <AgentCardView card={agent.card} />
              ) : (
                <p className="text-sm text-slate-600 dark:text-slate-400">
                  This agent was registered by hand: there is no card. Import it from its Agent Card URL to
                  keep one.
                </p>
              )}
            </Section>
            <ConfigurationSection agent={agent} />
          </div>
          <div className="grid gap-6 xl:grid-cols-2">
            <HealthSection agent={agent} />
            <TasksSection agent={agent} />
          </div>
        </div>
      )}
    </div>
  );
}

function Stat({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="rounded-lg bg-white px-4 py-3 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-700">
      <dt className={dt}>{label}</dt>
      <dd className="mt-1 text-lg font-semibold text-slate-900 tabular-nums dark:text-slate-100">
        {children}
      </dd>
    </div>
  );
}

const WINDOWS: { label: string; window: SeriesWindow }[] = [
  { label: 'Last hour', window: { rangeMs: 3_600_000, bucket: 'minute' } },
  { label: 'Last 24 hours', window: { rangeMs: 86_400_000, bucket: 'hour' } },
  { label: 'Last 7 days', window: { rangeMs: 7 * 86_400_000, bucket: 'hour' } },
  { label: 'Last 30 days', window: { rangeMs: 30 * 86_400_000, bucket: 'day' } },
];

function MetricsSection({ agent }: { agent: AgentRead }) {
  const [choice, setChoice] = useState(0);
  const { window } = WINDOWS[choice];
  const metrics = useAgentMetrics(agent.id, window);
  return (
    <Section
      title="Metrics"
      testId="agent-metrics"
      action={
        <label className="flex items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
          Window
          <select
            className="rounded-md bg-white px-2 py-1 text-sm ring-1 ring-slate-300 ring-inset dark:bg-slate-900 dark:ring-slate-600"
            value={choice}
            onChange={(event) => setChoice(Number(event.target.value))}
          >
            {WINDOWS.map((w, i) => (
              <option key={w.label} value={i}>
                {w.label}
              </option>
            ))}
          </select>
        </label>
      }
    >
      {metrics.isPending ? (
        <Loading what="metrics" />
      ) : metrics.isError ? (
        <ErrorAlert title="Could not load metrics">{errorMessage(metrics.error)}</ErrorAlert>
      ) : metrics.data.points.length === 0 ? (
        <p data-testid="agent-metrics-empty" className="text-sm text-slate-600 dark:text-slate-400">
          No calls in this window. Send a message from the Playground or the Test button and they show up
          here.
        </p>
      ) : (
        <AgentMetricsCharts
          points={metrics.data.points}
          from={metrics.data.from}
          to={metrics.data.to}
          bucket={metrics.data.bucket}
        />
      )}
    </Section>
  );
}

function ConfigurationSection({ agent }: { agent: AgentRead }) {
  const rows: [string, ReactNode][] = [
    ['Endpoint', <code className="break-all">{agent.endpointUrl}</code>],
    ['Provider', AGENT_PROVIDER_LABELS[agent.provider] ?? agent.provider],
    ['Protocol version', agent.protocolVersion],
    ['Enabled', agent.enabled ? 'Yes' : 'No'],
    ['Tags', agent.tags.length ? agent.tags.join(', ') : EMPTY],
    [
      'Capabilities',
      Object.entries(agent.capabilities)
        .filter(([, on]) => on)
        .map(([name]) => name)
        .join(', ') || EMPTY,
    ],
    [
      'Authentication',
      agent.authType === 'none' ? 'None' : `${agent.authType}${agent.hasAuth ? ' (secret stored)' : ''}`,
    ],
    ['Timeout', formatMs(agent.timeoutMs)],
    ['Rate limit', agent.rateLimitRpm ? `${formatNumber(agent.rateLimitRpm)} requests/min` : 'None'],
    ['Cost per request', agent.costPerRequest ?? EMPTY],
    ['Card URL', agent.cardUrl ? <code className="break-all">{agent.cardUrl}</code> : EMPTY],
    [
      'Created',
      `${formatDateTime(agent.createdAt)}${agent.createdBy ? ` by ${agent.createdBy}` : ''}${agent.createdVia ? ` (${agent.createdVia})` : ''}`,
    ],
    [
      'Modified',
      `${formatDateTime(agent.updatedAt)}${agent.modifiedBy ? ` by ${agent.modifiedBy}` : ''} · version ${agent.version}`,
    ],
  ];
  const json = (value: Record<string, unknown> | null) =>
    value && Object.keys(value).length > 0 ? JSON.stringify(value, null, 2) : null;
  const providerConfig = json(agent.providerConfig);
  const config = json(agent.config);
  const auth = agent.authType !== 'none' ? json(agent.auth) : null;
  return (
    <Section title="Configuration" testId="agent-configuration">
      <dl className="grid gap-x-4 gap-y-2 text-sm sm:grid-cols-[10rem_minmax(0,1fr)]">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="font-medium text-slate-600 dark:text-slate-400">{label}</dt>
            <dd className="text-slate-900 dark:text-slate-100">{value}</dd>
          </div>
        ))}
      </dl>
      {[
        ['Provider settings', providerConfig],
        ['Auth settings (secrets hidden)', auth],
        ['Agent config', config],
      ].map(([label, text]) =>
        text ? (
          <div key={label} className="mt-4">
            <p className={dt}>{label}</p>
            <pre className="mt-1 max-h-60 overflow-auto rounded-md bg-slate-100 p-3 text-xs dark:bg-slate-800">
              {text}
            </pre>
          </div>
        ) : null,
      )}
    </Section>
  );
}

function HealthSection({ agent }: { agent: AgentRead }) {
  const history = useAgentHealthHistory(agent.id);
  const { health } = agent;
  return (
    <Section title="Health" testId="agent-health-history">
      <dl className="mb-4 grid gap-3 text-sm sm:grid-cols-3">
        <div>
          <dt className={dt}>Last check</dt>
          <dd>{formatRelative(health.lastCheckedAt)}</dd>
        </div>
        <div>
          <dt className={dt}>Latency</dt>
          <dd>{formatMs(health.latencyMs)}</dd>
        </div>
        <div>
          <dt className={dt}>Failures in a row</dt>
          <dd>{health.consecutiveFailures}</dd>
        </div>
        {health.lastError && (
          <div className="sm:col-span-3">
            <dt className={dt}>Last error</dt>
            <dd className="break-words text-red-700 dark:text-red-300">{health.lastError}</dd>
          </div>
        )}
      </dl>
      {history.isPending ? (
        <Loading what="health history" />
      ) : history.isError ? (
        <ErrorAlert title="Could not load the health history">{errorMessage(history.error)}</ErrorAlert>
      ) : history.data.items.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No health changes recorded yet.</p>
      ) : (
        <ol className="space-y-2 text-sm" aria-label="Health changes, newest first">
          {history.data.items.map((item) => (
            <li
              key={`${item.at}-${item.to}`}
              data-testid="health-event"
              className="flex flex-wrap items-baseline gap-x-2"
            >
              <time dateTime={item.at} className="text-slate-600 tabular-nums dark:text-slate-400">
                {formatDateTime(item.at)}
              </time>
              <span>
                {healthLabel(item.from)} → <strong>{healthLabel(item.to)}</strong>
              </span>
              {item.error && <span className="break-words text-red-700 dark:text-red-300">{item.error}</span>}
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}

/** How many of the agent's tasks its page lists (the Tasks page has them all). */
const RECENT_TASKS = 20;

function TasksSection({ agent }: { agent: AgentRead }) {
  const tasks = useTaskList({ agent: agent.name });
  return (
    <Section title="Recent tasks" testId="agent-tasks">
      <p className="-mt-2 mb-3 text-xs text-slate-600 dark:text-slate-400">
        Tasks you created with this agent.
      </p>
      {tasks.isPending ? (
        <Loading what="tasks" />
      ) : tasks.isError ? (
        <ErrorAlert title="Could not load tasks">{errorMessage(tasks.error)}</ErrorAlert>
      ) : tasks.data.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No tasks yet.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="min-w-full text-sm">
            <caption className="sr-only">Recent tasks</caption>
            <thead>
              <tr className="text-left text-xs text-slate-600 uppercase dark:text-slate-400">
                <th scope="col" className="py-1 pr-3 font-semibold">
                  Task
                </th>
                <th scope="col" className="py-1 pr-3 font-semibold">
                  State
                </th>
                <th scope="col" className="py-1 font-semibold">
                  Updated
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {tasks.data.slice(0, RECENT_TASKS).map((task) => (
                <tr key={task.taskId} data-testid="agent-task-row">
                  <td className="max-w-48 truncate py-1.5 pr-3 font-mono text-xs" title={task.taskId}>
                    {task.taskId}
                  </td>
                  <td className="py-1.5 pr-3">{taskStateLabel(task.state)}</td>
                  <td className="py-1.5 whitespace-nowrap">
                    <time dateTime={task.updatedAt} title={formatDateTime(task.updatedAt)}>
                      {formatRelative(task.updatedAt)}
                    </time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
