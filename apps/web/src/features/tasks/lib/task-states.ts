import { TaskStateSchema, type TaskState } from '@switchboard/a2a-protocol';

export const TASK_STATES = TaskStateSchema.options;

const TONES: Record<TaskState, string> = {
  TASK_STATE_SUBMITTED:
    'bg-slate-100 text-slate-800 ring-slate-300 dark:bg-slate-800 dark:text-slate-200 dark:ring-slate-600',
  TASK_STATE_WORKING:
    'bg-sky-50 text-sky-800 ring-sky-200 dark:bg-sky-950 dark:text-sky-200 dark:ring-sky-800',
  TASK_STATE_COMPLETED:
    'bg-emerald-50 text-emerald-800 ring-emerald-200 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-800',
  TASK_STATE_FAILED:
    'bg-red-50 text-red-800 ring-red-200 dark:bg-red-950 dark:text-red-200 dark:ring-red-800',
  TASK_STATE_CANCELED:
    'bg-slate-100 text-slate-700 ring-slate-300 dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-600',
  TASK_STATE_INPUT_REQUIRED:
    'bg-amber-50 text-amber-900 ring-amber-200 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-800',
  TASK_STATE_REJECTED:
    'bg-red-50 text-red-800 ring-red-200 dark:bg-red-950 dark:text-red-200 dark:ring-red-800',
  TASK_STATE_AUTH_REQUIRED:
    'bg-amber-50 text-amber-900 ring-amber-200 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-800',
};

export function taskStateTone(state: TaskState): string {
  return TONES[state];
}

/** A state from the query string, or undefined when it is not one. */
export function parseTaskState(value: string | null): TaskState | undefined {
  const parsed = TaskStateSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
