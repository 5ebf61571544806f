import { isTerminalState } from '@switchboard/a2a-protocol';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Button } from '../../../components/Button';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { LoadError, LoadingState, PageHeader, Panel } from '../../../components/PageState';
import { linkClass } from '../../../components/styles';
import { formatDateTime } from '../../../lib/format';
import { errorMessage } from '../../../lib/http';
import { toast } from '../../../lib/toast';
import { useAuth } from '../../auth/hooks/use-auth';
import { useCancelTask } from '../api/cancel-task';
import { useTask } from '../api/get-task';
import { TaskParts } from './TaskParts';
import { TaskStateBadge } from './TaskStateBadge';

export function TaskDetailPage() {
  const { agentName = '', taskId = '' } = useParams();
  const { canWrite } = useAuth();
  const task = useTask(agentName, taskId);
  const cancel = useCancelTask(agentName);
  const [confirming, setConfirming] = useState(false);

  const data = task.data;
  const running = data ? !isTerminalState(data.status.state) : false;

  return (
    <div className="space-y-6">
      <title>{`Task ${taskId} · Switchboard`}</title>
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link to="/tasks" className={linkClass}>
          Tasks
        </Link>
        <span aria-hidden="true" className="mx-2 text-slate-400">
          /
        </span>
        <span className="text-slate-600 dark:text-slate-400">{agentName}</span>
      </nav>
      <PageHeader
        title={
          <>
            Task <span className="font-mono text-lg break-all">{taskId}</span>
          </>
        }
        description={`Agent ${agentName}`}
        actions={
          canWrite &&
          running && (
            <Button variant="danger" busy={cancel.isPending} onClick={() => setConfirming(true)}>
              Cancel task
            </Button>
          )
        }
      />

      {task.isPending ? (
        <LoadingState testId="task-loading">Asking {agentName} for the task…</LoadingState>
      ) : task.isError && !data ? (
        <LoadError
          title="Could not load the task"
          testId="task-error"
          message={errorMessage(task.error)}
          onRetry={() => void task.refetch()}
        />
      ) : data ? (
        <>
          <Panel title="Status" testId="task-status">
            <dl className="grid gap-4 text-sm sm:grid-cols-3">
              <div>
                <dt className="font-medium text-slate-600 dark:text-slate-400">State</dt>
                <dd className="mt-1">
                  <TaskStateBadge state={data.status.state} testId="task-detail-state" />
                  {running && <span className="ml-2 text-xs text-slate-500">refreshing…</span>}
                </dd>
              </div>
              <div>
                <dt className="font-medium text-slate-600 dark:text-slate-400">Since</dt>
                <dd className="mt-1 text-slate-800 dark:text-slate-200">
                  {formatDateTime(data.status.timestamp)}
                </dd>
              </div>
              <div>
                <dt className="font-medium text-slate-600 dark:text-slate-400">Context</dt>
                <dd className="mt-1 font-mono text-xs break-all text-slate-800 dark:text-slate-200">
                  {data.contextId}
                </dd>
              </div>
            </dl>
            {data.status.message && (
              <div
                className="mt-4 rounded-md bg-slate-50 p-3 dark:bg-slate-800/60"
                data-testid="task-status-message"
              >
                <TaskParts parts={data.status.message.parts} />
              </div>
            )}
            {task.isError && (
              <p className="mt-3 text-sm text-red-700 dark:text-red-400">
                Could not refresh: {errorMessage(task.error)}
              </p>
            )}
          </Panel>

          <Panel title="History" testId="task-history">
            {data.history && data.history.length > 0 ? (
              <ol className="space-y-3">
                {data.history.map((message) => (
                  <li
                    key={message.messageId}
                    data-testid="task-message"
                    className={`rounded-md p-3 ring-1 ring-inset ${
                      message.role === 'ROLE_USER'
                        ? 'bg-indigo-50 ring-indigo-100 dark:bg-indigo-950/50 dark:ring-indigo-900'
                        : 'bg-slate-50 ring-slate-200 dark:bg-slate-800/60 dark:ring-slate-700'
                    }`}
                  >
                    <p className="mb-1 text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400">
                      {message.role === 'ROLE_USER' ? 'User' : 'Agent'}
                    </p>
                    <TaskParts parts={message.parts} />
                  </li>
                ))}
              </ol>
            ) : (
              <p className="text-sm text-slate-600 dark:text-slate-400">
                The agent keeps no history for this task.
              </p>
            )}
          </Panel>

          <Panel title="Artifacts" testId="task-artifacts">
            {data.artifacts && data.artifacts.length > 0 ? (
              <ul className="space-y-3">
                {data.artifacts.map((artifact) => (
                  <li
                    key={artifact.artifactId}
                    data-testid="task-artifact"
                    className="rounded-md p-3 ring-1 ring-slate-200 ring-inset dark:ring-slate-700"
                  >
                    <p className="mb-1 text-sm font-semibold text-slate-900 dark:text-white">
                      {artifact.name ?? artifact.artifactId}
                    </p>
                    {artifact.description && (
                      <p className="mb-2 text-xs text-slate-600 dark:text-slate-400">
                        {artifact.description}
                      </p>
                    )}
                    <TaskParts parts={artifact.parts} />
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-sm text-slate-600 dark:text-slate-400">
                {running ? 'No artifacts yet.' : 'This task produced no artifacts.'}
              </p>
            )}
          </Panel>
        </>
      ) : null}

      {confirming && (
        <ConfirmDialog
          testId="cancel-task-dialog"
          title="Cancel this task?"
          confirmLabel="Cancel task"
          cancelLabel="Keep running"
          busy={cancel.isPending}
          error={cancel.error ? errorMessage(cancel.error) : null}
          onCancel={() => {
            cancel.reset();
            setConfirming(false);
          }}
          onConfirm={() =>
            cancel.mutate(taskId, {
              onSuccess: () => {
                setConfirming(false);
                toast.success(`Task ${taskId} was canceled.`);
              },
            })
          }
        >
          <p>
            {agentName} will be asked to stop working on this task. An agent may refuse if the task already
            finished.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
