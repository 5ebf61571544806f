import { ServerReadSchema, type ServerRead } from '@switchboard/api-contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/http';
import { serverKeys } from './keys';

export const serverPath = (id: string) => `/servers/${encodeURIComponent(id)}`;

/** `GET /servers/:id` */
export function getServer(id: string, signal?: AbortSignal): Promise<ServerRead> {
  return apiRequest(serverPath(id), ServerReadSchema, { signal });
}

export const serverQueryOptions = (id: string) =>
  queryOptions({ queryKey: serverKeys.detail(id), queryFn: ({ signal }) => getServer(id, signal) });

export function useServer(id: string, enabled = true) {
  return useQuery({ ...serverQueryOptions(id), enabled });
}
