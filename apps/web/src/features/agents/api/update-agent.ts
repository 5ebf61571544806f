import { AgentReadSchema, type AgentRead, type AgentUpdate } from '@switchboard/api-contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/http';
import { replaceCachedItem } from '../../../lib/list-cache';
import { agentKeys } from './keys';

/** `PUT /a2a/:id` (partial; `auth` left out keeps the stored secret) → the agent */
export function updateAgent(id: string, patch: AgentUpdate): Promise<AgentRead> {
  return apiRequest(`/a2a/${encodeURIComponent(id)}`, AgentReadSchema, { method: 'PUT', body: patch });
}

/** Saves an edited agent; refreshes the lists. */
export function useUpdateAgent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: AgentUpdate }) => updateAgent(id, patch),
    onSuccess: (agent) => {
      replaceCachedItem(queryClient, agentKeys, agent);
      void queryClient.invalidateQueries({ queryKey: agentKeys.lists() });
    },
  });
}
