import type { AgentRead } from '@switchboard/api-contract';
import { queryOptions, useQueries } from '@tanstack/react-query';
import { agentQueryOptions } from '../../agents/api/get-agent';

/** An agent picked for a server: the agents feature's own `GET /a2a/:id` query, names change rarely. */
export const pickedAgentQueryOptions = (id: string) =>
  queryOptions({ ...agentQueryOptions(id), staleTime: 60_000 });

/**
 * The agents behind a server's ids (names for the picker and the detail page), one cached detail each,
 * shared with the agents feature's cache.
 */
export function usePickedAgents(ids: readonly string[]) {
  return useQueries({
    queries: ids.map(pickedAgentQueryOptions),
    combine: (results) => {
      const byId = new Map<string, AgentRead>();
      for (const result of results) if (result.data) byId.set(result.data.id, result.data);
      return {
        byId,
        pending: results.some((result) => result.isPending),
        /** Ids the API no longer knows (deleted agents). */
        missing: ids.filter((_id, index) => results[index]?.isError),
      };
    },
  });
}
