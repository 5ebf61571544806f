import { ServerPageSchema, type ServerPage } from '@switchboard/api-contract';
import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/http';
import { serverKeys, type ServerListFilters } from './keys';

const PAGE_SIZE = 25;

/** `GET /servers?q=&limit=&cursor=`, ordered by name. */
export function listServers(
  filters: ServerListFilters & { cursor?: string },
  signal?: AbortSignal,
): Promise<ServerPage> {
  return apiRequest('/servers', ServerPageSchema, {
    query: { q: filters.q, limit: PAGE_SIZE, cursor: filters.cursor },
    signal,
  });
}

export const serverListQueryOptions = (filters: ServerListFilters) =>
  infiniteQueryOptions({
    queryKey: serverKeys.list(filters),
    queryFn: ({ pageParam, signal }) => listServers({ ...filters, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
  });

export function useServerList(filters: ServerListFilters) {
  return useInfiniteQuery({ ...serverListQueryOptions(filters), placeholderData: keepPreviousData });
}
