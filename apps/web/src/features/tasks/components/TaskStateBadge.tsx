import type { TaskState } from '@switchboard/a2a-protocol';
import { TASK_STATE_LABELS } from '../../../lib/task-state-labels';
import { taskStateTone } from '../lib/task-states';

export function TaskStateBadge({ state, testId = 'task-state' }: { state: TaskState; testId?: string }) {
  return (
    <span
      data-testid={testId}
      data-state={state}
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-semibold whitespace-nowrap ring-1 ring-inset ${taskStateTone(state)}`}
    >
      {TASK_STATE_LABELS[state]}
    </span>
  );
}
