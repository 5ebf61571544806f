import { Link, useSearchParams } from 'react-router';
import { Field } from '../../../components/Field';
import {
  EmptyState,
  LoadError,
  LoadingState,
  PageHeader,
  tableClass,
  tableWrapClass,
  tdClass,
  TableHead,
} from '../../../components/PageState';
import { Button } from '../../../components/Button';
import { inputClass, linkClass } from '../../../components/styles';
import { formatDateTime } from '../../../lib/format';
import { errorMessage } from '../../../lib/http';
import { useAgentList } from '../../agents/api/list-agents';
import { useTaskList } from '../api/list-tasks';
import type { TaskListFilters } from '../api/keys';
import { taskDetailPath } from '../lib/paths';
import { TASK_STATE_LABELS } from '../../../lib/task-state-labels';
import { parseTaskState, TASK_STATES } from '../lib/task-states';
import { TaskStateBadge } from './TaskStateBadge';

/** Filters live in the query string, so a filtered list can be bookmarked and shared. */
function useTaskFilters() {
  const [params, setParams] = useSearchParams();
  const filters: TaskListFilters = {
    agent: params.get('agent') || undefined,
    state: parseTaskState(params.get('state')),
  };
  const set = (key: 'agent' | 'state', value: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  return { filters, set, clear: () => setParams({}, { replace: true }) };
}

const TASK_COLUMNS = [
  { label: 'Task' },
  { label: 'Agent' },
  { label: 'State' },
  { label: 'Started' },
  { label: 'Last update' },
] as const;

export function TasksPage() {
  const { filters, set, clear } = useTaskFilters();
  const tasks = useTaskList(filters);
  // The agents to filter by; the list API takes a name.
  const agents = useAgentList({});
  const agentNames = agents.data?.pages.flatMap((page) => page.items.map((a) => a.name)) ?? [];
  const filtered = Boolean(filters.agent || filters.state);
  const items = tasks.data ?? [];

  return (
    <div className="space-y-6">
      <title>Tasks · Switchboard</title>
      <PageHeader
        title="Tasks"
        description="A2A tasks you started through the gateway, newest first. Running tasks refresh on their own."
      />

      <form
        role="search"
        aria-label="Filter tasks"
        onSubmit={(event) => event.preventDefault()}
        className="grid gap-4 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:grid-cols-[1fr_1fr_auto] sm:items-end dark:bg-slate-900 dark:ring-slate-800"
      >
        <Field label="State">
          {(control) => (
            <select
              {...control}
              className={inputClass}
              value={filters.state ?? ''}
              onChange={(event) => set('state', event.target.value)}
            >
              <option value="">All states</option>
              {TASK_STATES.map((state) => (
                <option key={state} value={state}>
                  {TASK_STATE_LABELS[state]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Agent">
          {(control) => (
            <select
              {...control}
              className={inputClass}
              value={filters.agent ?? ''}
              onChange={(event) => set('agent', event.target.value)}
            >
              <option value="">All agents</option>
              {filters.agent && !agentNames.includes(filters.agent) && (
                <option value={filters.agent}>{filters.agent}</option>
              )}
              {agentNames.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Button variant="secondary" onClick={clear} disabled={!filtered}>
          Clear filters
        </Button>
      </form>

      <section aria-label="Tasks list" aria-busy={tasks.isFetching} className="space-y-3">
        {tasks.isPending ? (
          <LoadingState testId="tasks-loading">Loading tasks…</LoadingState>
        ) : tasks.isError && items.length === 0 ? (
          <LoadError
            title="Could not load tasks"
            testId="tasks-error"
            message={errorMessage(tasks.error)}
            onRetry={() => void tasks.refetch()}
          />
        ) : items.length === 0 ? (
          <EmptyState
            testId="tasks-empty"
            title={filtered ? 'No tasks match these filters.' : 'No tasks yet.'}
          >
            {filtered
              ? 'Try another state or agent.'
              : 'Tasks appear here when you call an agent that answers with a task (REST, A2A or MCP).'}
          </EmptyState>
        ) : (
          <>
            <div className={tableWrapClass}>
              <table className={tableClass}>
                <caption className="sr-only">Tasks</caption>
                <TableHead columns={TASK_COLUMNS} />
                <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
                  {items.map((task) => (
                    <tr
                      key={`${task.agentName}/${task.taskId}`}
                      data-testid="task-row"
                      data-task-id={task.taskId}
                    >
                      <th scope="row" className={`${tdClass} text-left font-normal`}>
                        <Link
                          to={taskDetailPath(task.agentName, task.taskId)}
                          className={`${linkClass} font-mono text-xs break-all`}
                          aria-label={`Task ${task.taskId}`}
                        >
                          {task.taskId}
                        </Link>
                      </th>
                      <td className={tdClass}>{task.agentName}</td>
                      <td className={tdClass}>
                        <TaskStateBadge state={task.state} />
                      </td>
                      <td className={`${tdClass} whitespace-nowrap`}>{formatDateTime(task.createdAt)}</td>
                      <td className={`${tdClass} whitespace-nowrap`}>{formatDateTime(task.updatedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {tasks.isError && (
              <p className="text-sm text-red-700 dark:text-red-400">{errorMessage(tasks.error)}</p>
            )}
            <p className="text-xs text-slate-600 dark:text-slate-400">
              States are as the gateway last saw them; open a task to ask its agent for the latest.
            </p>
          </>
        )}
      </section>
    </div>
  );
}
