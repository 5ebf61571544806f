import { TaskReadSchema } from '@switchboard/api-contract';
import { isTerminalState, type Task } from '@switchboard/a2a-protocol';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/http';
import { taskKeys } from './keys';

/** Poll while the agent is still working on it. */
const ACTIVE_REFRESH_MS = 2_000;

export function taskPath(agentName: string, taskId: string): string {
  return `/a2a/${encodeURIComponent(agentName)}/tasks/${encodeURIComponent(taskId)}`;
}

/** `GET /a2a/:name/tasks/:taskId`: the agent's current view of the task, with history and artifacts. */
export function getTask(agentName: string, taskId: string, signal?: AbortSignal): Promise<Task> {
  return apiRequest(taskPath(agentName, taskId), TaskReadSchema, { signal });
}

export const taskQueryOptions = (agentName: string, taskId: string) =>
  queryOptions({
    queryKey: taskKeys.detail(agentName, taskId),
    queryFn: ({ signal }) => getTask(agentName, taskId, signal),
    refetchInterval: (query) => {
      const state = query.state.data?.status.state;
      return state && !isTerminalState(state) ? ACTIVE_REFRESH_MS : false;
    },
  });

export function useTask(agentName: string, taskId: string) {
  return useQuery(taskQueryOptions(agentName, taskId));
}
