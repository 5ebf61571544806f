import {
  AgentImportPreviewSchema,
  AgentReadSchema,
  type AgentImport,
  type AgentImportPreview,
  type AgentRead,
} from '@switchboard/api-contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/http';
import { agentKeys } from './keys';
import { refreshAfterCatalogChange } from './live-numbers';

/** `POST /a2a/import/preview` → the card and the registration an import would make (nothing saved) */
export function previewImport(body: AgentImport): Promise<AgentImportPreview> {
  return apiRequest('/a2a/import/preview', AgentImportPreviewSchema, { method: 'POST', body });
}

/** `POST /a2a/import` → 201 the registered agent */
export function importAgent(body: AgentImport): Promise<AgentRead> {
  return apiRequest('/a2a/import', AgentReadSchema, { method: 'POST', body });
}

export function usePreviewImport() {
  return useMutation({ mutationFn: previewImport });
}

/** Registers an agent from its card; refreshes the lists. */
export function useImportAgent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: importAgent,
    onSuccess: async (agent) => {
      queryClient.setQueryData(agentKeys.detail(agent.id), agent);
      await refreshAfterCatalogChange(queryClient);
    },
  });
}
