import { ServerReadSchema, type ServerRead } from '@switchboard/api-contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/http';
import { replaceCachedServer } from '../lib/server-cache';
import { serverPath } from './get-server';

/** `POST /servers/:id/toggle` → the server with `enabled` flipped */
export function toggleServer(id: string): Promise<ServerRead> {
  return apiRequest(`${serverPath(id)}/toggle`, ServerReadSchema, { method: 'POST' });
}

export function useToggleServer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (server: Pick<ServerRead, 'id' | 'name' | 'enabled'>) => toggleServer(server.id),
    onSuccess: (server) => replaceCachedServer(queryClient, server),
  });
}
