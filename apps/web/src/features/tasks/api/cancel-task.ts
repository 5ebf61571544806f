import { TaskReadSchema } from '@switchboard/api-contract';
import type { Task } from '@switchboard/a2a-protocol';
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/http';
import { taskPath } from './get-task';
import { taskKeys } from './keys';

/** `POST /a2a/:name/tasks/:taskId/cancel` → the task, canceled (409 when it had already finished). */
export function cancelTask(agentName: string, taskId: string): Promise<Task> {
  return apiRequest(`${taskPath(agentName, taskId)}/cancel`, TaskReadSchema, { method: 'POST' });
}

/** The canceled task into its detail entry, and every task list (the Tasks page, an agent's page) asked again. */
export function cacheCanceledTask(queryClient: QueryClient, agentName: string, task: Task): Promise<void> {
  queryClient.setQueryData(taskKeys.detail(agentName, task.id), task);
  return queryClient.invalidateQueries({ queryKey: taskKeys.lists() });
}

export function useCancelTask(agentName: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (taskId: string) => cancelTask(agentName, taskId),
    onSuccess: (task) => cacheCanceledTask(queryClient, agentName, task),
  });
}
