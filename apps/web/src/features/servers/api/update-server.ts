import { ServerReadSchema, type ServerRead, type ServerUpdate } from '@switchboard/api-contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/http';
import { replaceCachedServer } from '../lib/server-cache';
import { serverPath } from './get-server';

/** `PUT /servers/:id` (partial; `associatedAgents` replaces the list) */
export function updateServer(id: string, changes: ServerUpdate): Promise<ServerRead> {
  return apiRequest(serverPath(id), ServerReadSchema, { method: 'PUT', body: changes });
}

export function useUpdateServer(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: ServerUpdate) => updateServer(id, changes),
    onSuccess: (server) => replaceCachedServer(queryClient, server),
  });
}
