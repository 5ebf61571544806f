import type { TaskState } from '@switchboard/a2a-protocol';

/** How every page names an A2A task state. */
export const TASK_STATE_LABELS: Record<TaskState, string> = {
  TASK_STATE_SUBMITTED: 'Submitted',
  TASK_STATE_WORKING: 'Working',
  TASK_STATE_COMPLETED: 'Completed',
  TASK_STATE_FAILED: 'Failed',
  TASK_STATE_CANCELED: 'Canceled',
  TASK_STATE_INPUT_REQUIRED: 'Input required',
  TASK_STATE_REJECTED: 'Rejected',
  TASK_STATE_AUTH_REQUIRED: 'Auth required',
};

export function taskStateLabel(state: TaskState): string {
  return TASK_STATE_LABELS[state];
}
