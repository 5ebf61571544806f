import { AGENT_PROVIDER_LABELS } from '@switchboard/a2a-protocol';
import type { AgentRead } from '@switchboard/api-contract';
import { Link } from 'react-router';
import { Button } from '../../../components/Button';
import { buttonClass, linkClass } from '../../../components/styles';
import { Switch } from '../../../components/Switch';
import { EMPTY, formatDateTime, formatMs, formatPercent, formatRelative } from '../../../lib/format';
import { toast } from '../../../lib/toast';
import { useToggleAgent } from '../api/toggle-agent';
import { HealthBadge } from './HealthBadge';

interface AgentRowProps {
  agent: AgentRead;
  /** p95 latency of the last 24 h, when the agent had calls. */
  p95Ms: number | null | undefined;
  canWrite: boolean;
  testing: boolean;
  onTest: (agent: AgentRead) => void;
  onDelete: (agent: AgentRead) => void;
  onNotice: (message: string) => void;
}

const td = 'px-3 py-3';

function Missing({ label }: { label: string }) {
  return (
    <span className="text-slate-500 dark:text-slate-400">
      <span aria-hidden="true">{EMPTY}</span>
      <span className="sr-only">{label}</span>
    </span>
  );
}

export function AgentRow({ agent, p95Ms, canWrite, testing, onTest, onDelete, onNotice }: AgentRowProps) {
  const toggle = useToggleAgent();
  const { metrics } = agent;

  return (
    <tr
      data-testid="agent-row"
      data-agent-id={agent.id}
      className="align-top hover:bg-slate-50 dark:hover:bg-slate-800/60"
    >
      <th scope="row" className="max-w-72 py-3 pr-3 pl-4 text-left font-normal sm:pl-6">
        <Link
          to={`/agents/${agent.id}`}
          className={`block font-semibold break-words ${linkClass}`}
          data-testid="agent-name"
        >
          {agent.name}
        </Link>
        {agent.description && (
          <span className="mt-0.5 line-clamp-2 block text-xs text-slate-600 dark:text-slate-400">
            {agent.description}
          </span>
        )}
        <code
          className="mt-0.5 block truncate text-xs text-slate-500 dark:text-slate-400"
          title={agent.endpointUrl}
        >
          {agent.endpointUrl}
        </code>
      </th>
      <td className={`${td} whitespace-nowrap text-slate-700 dark:text-slate-300`}>
        {AGENT_PROVIDER_LABELS[agent.provider] ?? agent.provider}
      </td>
      <td className={`${td} hidden xl:table-cell`}>
        {agent.tags.length > 0 ? (
          <ul aria-label={`Tags of ${agent.name}`} className="flex max-w-48 flex-wrap gap-1">
            {agent.tags.map((tag) => (
              <li
                key={tag}
                data-testid="agent-tag"
                className="rounded-full bg-indigo-50 px-2 py-0.5 text-xs font-medium text-indigo-800 ring-1 ring-indigo-200 ring-inset dark:bg-indigo-950 dark:text-indigo-200 dark:ring-indigo-800"
              >
                {tag}
              </li>
            ))}
          </ul>
        ) : (
          <Missing label="No tags" />
        )}
      </td>
      <td className={td}>
        <HealthBadge health={agent.health} />
      </td>
      <td className={`${td} text-right whitespace-nowrap tabular-nums`} data-testid="agent-success-rate">
        {metrics.invocations > 0 ? (
          <span title={`${metrics.invocations} calls`}>{formatPercent(metrics.successRate)}</span>
        ) : (
          <Missing label="No calls yet" />
        )}
      </td>
      <td className={`${td} text-right whitespace-nowrap tabular-nums`} data-testid="agent-p95">
        {p95Ms != null ? formatMs(p95Ms) : <Missing label="No calls in the last 24 hours" />}
      </td>
      <td
        className={`${td} hidden whitespace-nowrap text-slate-700 lg:table-cell dark:text-slate-300`}
        data-testid="agent-last-interaction"
      >
        {agent.lastInteraction ? (
          <time dateTime={agent.lastInteraction} title={formatDateTime(agent.lastInteraction)}>
            {formatRelative(agent.lastInteraction)}
          </time>
        ) : (
          <Missing label="Never called" />
        )}
      </td>
      <td className={td}>
        {canWrite ? (
          <Switch
            testId="agent-enabled"
            checked={agent.enabled}
            label={`${agent.name} enabled`}
            busy={toggle.isPending}
            onChange={() =>
              toggle.mutate(agent, {
                onSuccess: (updated) =>
                  onNotice(`${updated.name} is now ${updated.enabled ? 'enabled' : 'disabled'}.`),
                onError: (error) =>
                  toast.error(error, `Could not ${agent.enabled ? 'disable' : 'enable'} ${agent.name}`),
              })
            }
          />
        ) : (
          <span data-testid="agent-enabled" className="text-slate-700 dark:text-slate-300">
            {agent.enabled ? 'Yes' : 'No'}
          </span>
        )}
      </td>
      <td className="py-3 pr-4 pl-3 text-right whitespace-nowrap sm:pr-6">
        <div className="flex justify-end gap-1.5">
          <Button
            size="sm"
            variant="secondary"
            aria-label={`Test ${agent.name}`}
            aria-expanded={testing}
            onClick={() => onTest(agent)}
          >
            Test
          </Button>
          {canWrite && (
            <>
              <Link
                to={`/agents/${agent.id}/edit`}
                aria-label={`Edit ${agent.name}`}
                className={buttonClass('ghost', 'sm')}
              >
                Edit
              </Link>
              <Button
                size="sm"
                variant="ghost"
                className="text-red-700 hover:bg-red-50 hover:text-red-800 dark:text-red-300 dark:hover:bg-red-950 dark:hover:text-red-200"
                aria-label={`Delete ${agent.name}`}
                onClick={() => onDelete(agent)}
              >
                Delete
              </Button>
            </>
          )}
        </div>
      </td>
    </tr>
  );
}
