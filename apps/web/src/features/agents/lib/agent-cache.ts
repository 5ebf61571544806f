import type { AgentPage, AgentRead } from '@switchboard/api-contract';
import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import { agentKeys } from '../api/keys';

type AgentPages = InfiniteData<AgentPage, string | undefined>;

function mapCachedLists(queryClient: QueryClient, map: (items: AgentRead[]) => AgentRead[]): void {
  queryClient.setQueriesData<AgentPages>({ queryKey: agentKeys.lists() }, (data) =>
    data ? { ...data, pages: data.pages.map((page) => ({ ...page, items: map(page.items) })) } : data,
  );
}

/** Puts a changed agent into every cached list page and its detail entry. */
export function replaceCachedAgent(queryClient: QueryClient, agent: AgentRead): void {
  mapCachedLists(queryClient, (items) => items.map((item) => (item.id === agent.id ? agent : item)));
  queryClient.setQueryData(agentKeys.detail(agent.id), agent);
}

/** Drops a deleted agent from every cached list page and its detail entry. */
export function removeCachedAgent(queryClient: QueryClient, id: string): void {
  mapCachedLists(queryClient, (items) => items.filter((item) => item.id !== id));
  queryClient.removeQueries({ queryKey: agentKeys.detail(id) });
}
