import type { AgentRead } from '@switchboard/api-contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequestNoContent } from '../../../lib/http';
import { removeCachedItem } from '../../../lib/list-cache';
import { metricsKeys } from '../../overview/api/keys';
import { agentKeys } from './keys';
import { refreshAfterCatalogChange } from './live-numbers';

/** `DELETE /a2a/:id` → 204 */
export function deleteAgent(id: string): Promise<void> {
  return apiRequestNoContent(`/a2a/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/** Deletes an agent from the catalog. */
export function useDeleteAgent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (agent: Pick<AgentRead, 'id' | 'name'>) => deleteAgent(agent.id),
    onSuccess: (_result, agent) => {
      removeCachedItem<AgentRead>(queryClient, agentKeys, agent.id);
      queryClient.removeQueries({ queryKey: metricsKeys.agentSeriesAll(agent.id) });
      void refreshAfterCatalogChange(queryClient);
    },
  });
}
