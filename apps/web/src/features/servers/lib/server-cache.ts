import type { ServerPage, ServerRead } from '@switchboard/api-contract';
import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import { serverKeys } from '../api/keys';

type ServerPages = InfiniteData<ServerPage, string | undefined>;

function mapCachedLists(queryClient: QueryClient, map: (items: ServerRead[]) => ServerRead[]): void {
  queryClient.setQueriesData<ServerPages>({ queryKey: serverKeys.lists() }, (data) =>
    data ? { ...data, pages: data.pages.map((page) => ({ ...page, items: map(page.items) })) } : data,
  );
}

/** A server changed: every cached list page and its detail show the new version; its tools may differ. */
export function replaceCachedServer(queryClient: QueryClient, server: ServerRead): void {
  mapCachedLists(queryClient, (items) => items.map((item) => (item.id === server.id ? server : item)));
  queryClient.setQueryData(serverKeys.detail(server.id), server);
  void queryClient.invalidateQueries({ queryKey: serverKeys.tools(server.id) });
  void queryClient.invalidateQueries({ queryKey: serverKeys.lists() });
}

/** A server was deleted: gone from every list, its detail, config and tools forgotten. */
export function removeCachedServer(queryClient: QueryClient, id: string): void {
  mapCachedLists(queryClient, (items) => items.filter((item) => item.id !== id));
  queryClient.removeQueries({ queryKey: serverKeys.detail(id) });
  void queryClient.invalidateQueries({ queryKey: serverKeys.lists() });
}
