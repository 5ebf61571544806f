import { ServerReadSchema, type ServerCreate, type ServerRead } from '@switchboard/api-contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/http';
import { serverKeys } from './keys';

/** `POST /servers` → 201 */
export function createServer(server: ServerCreate): Promise<ServerRead> {
  return apiRequest('/servers', ServerReadSchema, { method: 'POST', body: server });
}

export function useCreateServer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createServer,
    onSuccess: async (server) => {
      queryClient.setQueryData(serverKeys.detail(server.id), server);
      await queryClient.invalidateQueries({ queryKey: serverKeys.lists() });
    },
  });
}
