import type { InfiniteData, QueryClient, QueryKey } from '@tanstack/react-query';

/** A feature's key factory, as far as the cached lists (infinite queries of `{ items }` pages) go. */
export interface ListCacheKeys {
  lists(): QueryKey;
  detail(id: string): QueryKey;
}

type Pages<T> = InfiniteData<{ items: T[] }, unknown>;

function mapCachedLists<T>(queryClient: QueryClient, keys: ListCacheKeys, map: (items: T[]) => T[]): void {
  queryClient.setQueriesData<Pages<T>>({ queryKey: keys.lists() }, (data) =>
    data ? { ...data, pages: data.pages.map((page) => ({ ...page, items: map(page.items) })) } : data,
  );
}

/** Puts a changed item into every cached list page and its detail entry, so no list shows it stale. */
export function replaceCachedItem<T extends { id: string }>(
  queryClient: QueryClient,
  keys: ListCacheKeys,
  item: T,
): void {
  mapCachedLists<T>(queryClient, keys, (items) =>
    items.map((cached) => (cached.id === item.id ? item : cached)),
  );
  queryClient.setQueryData(keys.detail(item.id), item);
}

/** Drops a deleted item from every cached list page and forgets its detail entry. */
export function removeCachedItem<T extends { id: string }>(
  queryClient: QueryClient,
  keys: ListCacheKeys,
  id: string,
): void {
  mapCachedLists<T>(queryClient, keys, (items) => items.filter((cached) => cached.id !== id));
  queryClient.removeQueries({ queryKey: keys.detail(id) });
}
