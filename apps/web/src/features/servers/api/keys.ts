/** The list filters the UI offers (the query string of `GET /servers` without paging). */
export interface ServerListFilters {
  q?: string;
}

/** The one query-key factory of the servers feature. */
export const serverKeys = {
  all: ['servers'] as const,
  lists: () => [...serverKeys.all, 'list'] as const,
  list: (filters: ServerListFilters) => [...serverKeys.lists(), filters] as const,
  details: () => [...serverKeys.all, 'detail'] as const,
  detail: (id: string) => [...serverKeys.details(), id] as const,
  clientConfig: (id: string) => [...serverKeys.detail(id), 'client-config'] as const,
  tools: (id: string) => [...serverKeys.detail(id), 'tools'] as const,
};
