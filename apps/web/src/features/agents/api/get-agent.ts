import { AgentReadSchema, type AgentRead } from '@switchboard/api-contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/http';
import { agentKeys } from './keys';

/** `GET /a2a/:id` */
export function getAgent(id: string, signal?: AbortSignal): Promise<AgentRead> {
  return apiRequest(`/a2a/${encodeURIComponent(id)}`, AgentReadSchema, { signal });
}

export const agentQueryOptions = (id: string) =>
  queryOptions({ queryKey: agentKeys.detail(id), queryFn: ({ signal }) => getAgent(id, signal) });

/** One agent; refreshed now and then so its health and call summary stay live. */
export function useAgent(id: string, refetchInterval: number | false = false) {
  return useQuery({ ...agentQueryOptions(id), refetchInterval });
}
