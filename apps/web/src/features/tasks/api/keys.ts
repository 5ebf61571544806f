import type { TaskState } from '@switchboard/a2a-protocol';

/** The list filters the UI offers (the query string of `GET /tasks`). */
export interface TaskListFilters {
  agent?: string;
  state?: TaskState;
}

/** The one query-key factory of the tasks feature. */
export const taskKeys = {
  all: ['tasks'] as const,
  lists: () => [...taskKeys.all, 'list'] as const,
  list: (filters: TaskListFilters) => [...taskKeys.lists(), filters] as const,
  details: () => [...taskKeys.all, 'detail'] as const,
  detail: (agentName: string, taskId: string) => [...taskKeys.details(), agentName, taskId] as const,
};
