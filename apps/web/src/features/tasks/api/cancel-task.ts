import { TaskReadSchema } from '@switchboard/api-contract';
import type { Task } from '@switchboard/a2a-protocol';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/http';
import { taskPath } from './get-task';
import { taskKeys } from './keys';

/** `POST /a2a/:name/tasks/:taskId/cancel` → the task, canceled (409 when it had already finished). */
export function cancelTask(agentName: string, taskId: string): Promise<Task> {
  return apiRequest(`${taskPath(agentName, taskId)}/cancel`, TaskReadSchema, { method: 'POST' });
}

export function useCancelTask(agentName: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (taskId: string) => cancelTask(agentName, taskId),
    onSuccess: (task) => {
      queryClient.setQueryData(taskKeys.detail(agentName, task.id), task);
      void queryClient.invalidateQueries({ queryKey: taskKeys.lists() });
    },
  });
}
