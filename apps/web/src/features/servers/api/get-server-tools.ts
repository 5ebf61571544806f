import { ServerToolsSchema, type ServerTools } from '@switchboard/api-contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/http';
import { serverPath } from './get-server';
import { serverKeys } from './keys';

/** The list follows agent changes (an agent disabled elsewhere drops its tool): keep it fresh. */
const REFRESH_MS = 15_000;

/** `GET /servers/:id/tools`: the tools the server's MCP endpoint lists right now. */
export function getServerTools(id: string, signal?: AbortSignal): Promise<ServerTools> {
  return apiRequest(`${serverPath(id)}/tools`, ServerToolsSchema, { signal });
}

export const serverToolsQueryOptions = (id: string) =>
  queryOptions({
    queryKey: serverKeys.tools(id),
    queryFn: ({ signal }) => getServerTools(id, signal),
    staleTime: 0,
    refetchInterval: REFRESH_MS,
  });

export function useServerTools(id: string) {
  return useQuery(serverToolsQueryOptions(id));
}
