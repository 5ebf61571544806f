import { TaskListSchema, type TaskRecordRead } from '@switchboard/api-contract';
import { isTerminalState } from '@switchboard/a2a-protocol';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/http';
import { taskKeys, type TaskListFilters } from './keys';

const LIMIT = 200;
/** Poll faster while a listed task can still change. */
const ACTIVE_REFRESH_MS = 4_000;
const IDLE_REFRESH_MS = 15_000;

/** `GET /tasks?agent=&state=&limit=`: tasks the signed-in caller created through the gateway, newest first. */
export async function listTasks(filters: TaskListFilters, signal?: AbortSignal): Promise<TaskRecordRead[]> {
  const page = await apiRequest('/tasks', TaskListSchema, {
    query: { agent: filters.agent, state: filters.state, limit: LIMIT },
    signal,
  });
  return page.items;
}

export const taskListQueryOptions = (filters: TaskListFilters) =>
  queryOptions({
    queryKey: taskKeys.list(filters),
    queryFn: ({ signal }) => listTasks(filters, signal),
    refetchInterval: (query) =>
      query.state.data?.some((task) => !isTerminalState(task.state)) ? ACTIVE_REFRESH_MS : IDLE_REFRESH_MS,
  });

export function useTaskList(filters: TaskListFilters) {
  return useQuery({ ...taskListQueryOptions(filters), placeholderData: keepPreviousData });
}
