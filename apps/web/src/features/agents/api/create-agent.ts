import { AgentReadSchema, type AgentCreateInput, type AgentRead } from '@switchboard/api-contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/http';
import { agentKeys } from './keys';
import { refreshAfterCatalogChange } from './live-numbers';

/** `POST /a2a` → 201 Agent */
export function createAgent(agent: AgentCreateInput): Promise<AgentRead> {
  return apiRequest('/a2a', AgentReadSchema, { method: 'POST', body: agent });
}

/** Registers an agent; refreshes the lists. */
export function useCreateAgent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createAgent,
    onSuccess: async (agent) => {
      queryClient.setQueryData(agentKeys.detail(agent.id), agent);
      await refreshAfterCatalogChange(queryClient);
    },
  });
}
