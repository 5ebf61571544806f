import { AgentReadSchema, type AgentRead, type AgentToggle } from '@switchboard/api-contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/http';
import { replaceCachedItem } from '../../../lib/list-cache';
import { agentKeys } from './keys';
import { refreshAfterCatalogChange } from './live-numbers';

/** `POST /a2a/:id/toggle` with the state wanted → the agent in that state (a repeated click changes nothing) */
export function toggleAgent(id: string, body: AgentToggle): Promise<AgentRead> {
  return apiRequest(`/a2a/${encodeURIComponent(id)}/toggle`, AgentReadSchema, { method: 'POST', body });
}

/** Enables a disabled agent or disables an enabled one. */
export function useToggleAgent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (agent: Pick<AgentRead, 'id' | 'name' | 'enabled'>) =>
      toggleAgent(agent.id, { enabled: !agent.enabled }),
    onSuccess: (agent) => {
      replaceCachedItem(queryClient, agentKeys, agent);
      void refreshAfterCatalogChange(queryClient);
    },
  });
}
