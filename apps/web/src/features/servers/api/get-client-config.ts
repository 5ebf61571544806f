import { ServerClientConfigSchema, type ServerClientConfig } from '@switchboard/api-contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/http';
import { serverPath } from './get-server';
import { serverKeys } from './keys';

/** `GET /servers/:id/client-config`: ready-to-paste settings for Claude Desktop, Cursor and the Inspector. */
export function getClientConfig(id: string, signal?: AbortSignal): Promise<ServerClientConfig> {
  return apiRequest(`${serverPath(id)}/client-config`, ServerClientConfigSchema, { signal });
}

export const clientConfigQueryOptions = (id: string) =>
  queryOptions({
    queryKey: serverKeys.clientConfig(id),
    queryFn: ({ signal }) => getClientConfig(id, signal),
    staleTime: 5 * 60_000,
  });

export function useClientConfig(id: string) {
  return useQuery(clientConfigQueryOptions(id));
}
