import type { ServerRead } from '@switchboard/api-contract';
import type { QueryClient } from '@tanstack/react-query';
import { removeCachedItem, replaceCachedItem } from '../../../lib/list-cache';
import { serverKeys } from '../api/keys';

/** A server changed: every cached list page and its detail show the new version; its tools may differ. */
export function replaceCachedServer(queryClient: QueryClient, server: ServerRead): void {
  replaceCachedItem(queryClient, serverKeys, server);
  void queryClient.invalidateQueries({ queryKey: serverKeys.tools(server.id) });
  void queryClient.invalidateQueries({ queryKey: serverKeys.lists() });
}

/** A server was deleted: gone from every list, its detail, config and tools forgotten. */
export function removeCachedServer(queryClient: QueryClient, id: string): void {
  removeCachedItem<ServerRead>(queryClient, serverKeys, id);
  void queryClient.invalidateQueries({ queryKey: serverKeys.lists() });
}
