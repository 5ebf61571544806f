import type { ServerRead } from '@switchboard/api-contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequestNoContent } from '../../../lib/http';
import { removeCachedServer } from '../lib/server-cache';
import { serverPath } from './get-server';

/** `DELETE /servers/:id` → 204; its open MCP sessions close. */
export function deleteServer(id: string): Promise<void> {
  return apiRequestNoContent(serverPath(id), { method: 'DELETE' });
}

export function useDeleteServer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (server: Pick<ServerRead, 'id' | 'name'>) => deleteServer(server.id),
    onSuccess: (_result, server) => removeCachedServer(queryClient, server.id),
  });
}
