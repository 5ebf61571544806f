import type { AgentRead } from '@switchboard/api-contract';
import { useId, useState } from 'react';
import { Button } from '../../../components/Button';
import { Spinner } from '../../../components/Spinner';
import { checkboxClass, focusRing, inputClass } from '../../../components/styles';
import { errorMessage } from '../../../lib/http';
import { useDebouncedValue } from '../../../lib/use-debounced-value';
import { useAgentList } from '../../agents/api/list-agents';
import { usePickedAgents } from '../api/get-picked-agents';

interface AgentPickerProps {
  value: string[];
  onChange: (ids: string[]) => void;
  error?: string;
}

/**
 * Chooses the agents a server exposes: the chosen ones as removable chips, a search over the catalog
 * with a checkbox per agent. Each enabled agent becomes one MCP tool.
 */
export function AgentPicker({ value, onChange, error }: AgentPickerProps) {
  const id = useId();
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search.trim(), 300);
  const list = useAgentList({ q: q || undefined });
  const agents = list.data?.pages.flatMap((page) => page.items) ?? [];
  const picked = usePickedAgents(value);
  const selected = new Set(value);

  const toggle = (agent: AgentRead, checked: boolean) =>
    onChange(checked ? [...value, agent.id] : value.filter((v) => v !== agent.id));
  const nameOf = (agentId: string) =>
    picked.byId.get(agentId)?.name ?? agents.find((a) => a.id === agentId)?.name ?? agentId;

  return (
    <fieldset
      aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
      aria-invalid={Boolean(error)}
      className="space-y-3"
      data-testid="agent-picker"
    >
      <legend className="text-sm font-medium text-slate-900 dark:text-slate-100">Agents</legend>
      <p id={`${id}-hint`} className="text-xs text-slate-600 dark:text-slate-400">
        Each enabled agent becomes one MCP tool of this server. A disabled agent stays chosen but is not
        listed.
      </p>
      {error && (
        <p id={`${id}-error`} className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}

      <div aria-live="polite">
        {value.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">No agents chosen yet.</p>
        ) : (
          <ul aria-label="Chosen agents" className="flex flex-wrap gap-2">
            {value.map((agentId) => (
              <li
                key={agentId}
                data-testid="picked-agent"
                className="inline-flex items-center gap-1 rounded-full bg-indigo-50 py-0.5 pr-1 pl-3 text-sm font-medium text-indigo-900 ring-1 ring-indigo-200 ring-inset dark:bg-indigo-950 dark:text-indigo-100 dark:ring-indigo-800"
              >
                {nameOf(agentId)}
                {picked.missing.includes(agentId) && <span className="text-xs text-red-700"> (deleted)</span>}
                <button
                  type="button"
                  aria-label={`Remove ${nameOf(agentId)}`}
                  onClick={() => onChange(value.filter((v) => v !== agentId))}
                  className={`rounded-full px-1.5 text-indigo-700 hover:bg-indigo-100 dark:text-indigo-300 dark:hover:bg-indigo-900 ${focusRing}`}
                >
                  <span aria-hidden="true">×</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>

      <div>
        <label
          htmlFor={`${id}-search`}
          className="block text-sm font-medium text-slate-900 dark:text-slate-100"
        >
          Find agents
        </label>
        <input
          id={`${id}-search`}
          type="search"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          placeholder="Name, description, tag…"
          className={`mt-1.5 ${inputClass}`}
          autoComplete="off"
        />
      </div>

      <div
        className="max-h-72 overflow-y-auto rounded-md ring-1 ring-slate-200 dark:ring-slate-700"
        aria-busy={list.isFetching}
      >
        {list.isPending ? (
          <p role="status" className="flex items-center gap-2 p-3 text-sm text-slate-700 dark:text-slate-300">
            <Spinner className="size-4" /> Loading agents…
          </p>
        ) : list.isError && agents.length === 0 ? (
          <p role="alert" className="p-3 text-sm text-red-700 dark:text-red-400">
            Could not load agents: {errorMessage(list.error)}
          </p>
        ) : agents.length === 0 ? (
          <p className="p-3 text-sm text-slate-600 dark:text-slate-400">
            {q ? 'No agents match this search.' : 'No agents registered yet.'}
          </p>
        ) : (
          <ul className="divide-y divide-slate-200 dark:divide-slate-700">
            {agents.map((agent) => (
              <li key={agent.id}>
                <label className="flex cursor-pointer items-start gap-3 p-3 hover:bg-slate-50 dark:hover:bg-slate-800">
                  <input
                    type="checkbox"
                    className={`mt-0.5 ${checkboxClass}`}
                    checked={selected.has(agent.id)}
                    onChange={(event) => toggle(agent, event.target.checked)}
                    aria-labelledby={`${id}-${agent.id}-name`}
                    aria-describedby={agent.description ? `${id}-${agent.id}-desc` : undefined}
                  />
                  <span className="min-w-0">
                    <span
                      id={`${id}-${agent.id}-name`}
                      className="block text-sm font-medium text-slate-900 dark:text-slate-100"
                    >
                      {agent.name}
                    </span>
                    {agent.description && (
                      <span
                        id={`${id}-${agent.id}-desc`}
                        className="line-clamp-1 block text-xs text-slate-600 dark:text-slate-400"
                      >
                        {agent.description}
                      </span>
                    )}
                    {!agent.enabled && (
                      <span className="mt-1 inline-block rounded-full bg-slate-100 px-2 py-0.5 text-xs font-semibold text-slate-700 dark:bg-slate-800 dark:text-slate-300">
                        disabled
                      </span>
                    )}
                  </span>
                </label>
              </li>
            ))}
          </ul>
        )}
        {list.hasNextPage && (
          <div className="border-t border-slate-200 p-2 dark:border-slate-700">
            <Button
              size="sm"
              variant="secondary"
              busy={list.isFetchingNextPage}
              onClick={() => void list.fetchNextPage()}
            >
              Load more agents
            </Button>
          </div>
        )}
      </div>
    </fieldset>
  );
}
