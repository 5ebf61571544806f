import { TaskReadSchema, TaskListSchema, type TaskRecordRead } from '@switchboard/api-contract';
import type { Task } from '@switchboard/a2a-protocol';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/http';
import { agentKeys } from './keys';

/** `GET /tasks?agent=&limit=` → the caller's own tasks with this agent, newest first */
export async function listAgentTasks(name: string, signal?: AbortSignal): Promise<TaskRecordRead[]> {
  const list = await apiRequest('/tasks', TaskListSchema, { query: { agent: name, limit: 20 }, signal });
  return list.items;
}

export const agentTasksQueryOptions = (name: string) =>
  queryOptions({ queryKey: agentKeys.tasks(name), queryFn: ({ signal }) => listAgentTasks(name, signal) });

export function useAgentTasks(name: string) {
  return useQuery({ ...agentTasksQueryOptions(name), refetchInterval: 15_000 });
}

/** `POST /a2a/:name/tasks/:taskId/cancel` → the task, CANCELED (409 when it already finished) */
export function cancelTask(name: string, taskId: string): Promise<Task> {
  return apiRequest(
    `/a2a/${encodeURIComponent(name)}/tasks/${encodeURIComponent(taskId)}/cancel`,
    TaskReadSchema,
    { method: 'POST' },
  );
}

export function useCancelTask(name: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (taskId: string) => cancelTask(name, taskId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: agentKeys.tasks(name) }),
  });
}
