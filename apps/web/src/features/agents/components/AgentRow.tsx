import { AGENT_PROVIDER_LABELS } from '@switchboard/a2a-protocol';
import type { AgentRead } from '@switchboard/api-contract';
import { Button } from '../../../components/Button';
import { errorMessage } from '../../../lib/http';
import { useToggleAgent } from '../api/toggle-agent';

interface AgentRowProps {
  agent: AgentRead;
  canWrite: boolean;
  onDelete: (agent: AgentRead) => void;
  onNotice: (message: string) => void;
  onError: (message: string) => void;
}

export function AgentRow({ agent, canWrite, onDelete, onNotice, onError }: AgentRowProps) {
  const toggle = useToggleAgent();
  const action = agent.enabled ? 'Disable' : 'Enable';

  return (
    <tr
      data-testid="agent-row"
      data-agent-id={agent.id}
      className="align-top hover:bg-slate-50 dark:hover:bg-slate-800/60"
    >
      <th scope="row" className="max-w-64 py-3 pr-3 pl-4 text-left font-normal sm:pl-6">
        <span
          className="block font-semibold break-words text-slate-900 dark:text-slate-100"
          data-testid="agent-name"
        >
          {agent.name}
        </span>
        {agent.description && (
          <span className="mt-0.5 line-clamp-2 block text-xs text-slate-600 dark:text-slate-400">
            {agent.description}
          </span>
        )}
      </th>
      <td className="px-3 py-3 whitespace-nowrap text-slate-700 dark:text-slate-300">
        {AGENT_PROVIDER_LABELS[agent.provider] ?? agent.provider}
      </td>
      <td className="px-3 py-3">
        {agent.tags.length > 0 ? (
          <ul aria-label={`Tags of ${agent.name}`} className="flex max-w-56 flex-wrap gap-1">
            {agent.tags.map((tag) => (
              <li
                key={tag}
                data-testid="agent-tag"
                className="rounded-full bg-indigo-50 dark:bg-indigo-950 px-2 py-0.5 text-xs font-medium text-indigo-800 dark:text-indigo-200 ring-1 ring-indigo-200 dark:ring-indigo-800 ring-inset"
              >
                {tag}
              </li>
            ))}
          </ul>
        ) : (
          <span className="text-slate-500 dark:text-slate-400">
            <span aria-hidden="true">—</span>
            <span className="sr-only">No tags</span>
          </span>
        )}
      </td>
      <td className="px-3 py-3 whitespace-nowrap">
        <span
          data-testid="agent-status"
          className={
            agent.enabled
              ? 'inline-flex items-center gap-1.5 rounded-full bg-emerald-50 dark:bg-emerald-950 px-2 py-0.5 text-xs font-semibold text-emerald-800 dark:text-emerald-200 ring-1 ring-emerald-200 dark:ring-emerald-800 ring-inset'
              : 'inline-flex items-center gap-1.5 rounded-full bg-slate-100 dark:bg-slate-800 px-2 py-0.5 text-xs font-semibold text-slate-700 dark:text-slate-300 ring-1 ring-slate-300 dark:ring-slate-600 ring-inset'
          }
        >
          <span
            aria-hidden="true"
            className={`size-1.5 rounded-full ${agent.enabled ? 'bg-emerald-600' : 'bg-slate-500'}`}
          />
          {agent.enabled ? 'Enabled' : 'Disabled'}
        </span>
      </td>
      <td className="max-w-72 px-3 py-3">
        <code className="block truncate text-xs text-slate-700 dark:text-slate-300" title={agent.endpointUrl}>
          {agent.endpointUrl}
        </code>
      </td>
      {canWrite && (
        <td className="py-3 pr-4 pl-3 text-right whitespace-nowrap sm:pr-6">
          <div className="flex justify-end gap-2">
            <Button
              size="sm"
              variant="secondary"
              aria-label={`${action} ${agent.name}`}
              busy={toggle.isPending}
              onClick={() =>
                toggle.mutate(agent, {
                  onSuccess: (updated) =>
                    onNotice(`${updated.name} is now ${updated.enabled ? 'enabled' : 'disabled'}.`),
                  onError: (error) =>
                    onError(`Could not ${action.toLowerCase()} ${agent.name}: ${errorMessage(error)}`),
                })
              }
            >
              {action}
            </Button>
            <Button
              size="sm"
              variant="ghost"
              className="text-red-700 dark:text-red-300 hover:bg-red-50 dark:hover:bg-red-950 hover:text-red-800 dark:hover:text-red-200"
              aria-label={`Delete ${agent.name}`}
              onClick={() => onDelete(agent)}
            >
              Delete
            </Button>
          </div>
        </td>
      )}
    </tr>
  );
}
