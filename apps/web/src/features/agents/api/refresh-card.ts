import { AgentReadSchema, type AgentRead } from '@switchboard/api-contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/http';
import { replaceCachedItem } from '../../../lib/list-cache';
import { agentKeys } from './keys';

/** `POST /a2a/:id/refresh-card` → the agent with its card read again */
export function refreshCard(id: string): Promise<AgentRead> {
  return apiRequest(`/a2a/${encodeURIComponent(id)}/refresh-card`, AgentReadSchema, { method: 'POST' });
}

export function useRefreshCard() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: refreshCard,
    onSuccess: (agent) => replaceCachedItem(queryClient, agentKeys, agent),
  });
}
