import type { QueryClient } from '@tanstack/react-query';
import { metricsKeys } from '../../overview/api/keys';
import { taskKeys } from '../../tasks/api/keys';
import { agentKeys } from './keys';

/*
 * What an action in the UI changed, asked for again at once — on every page that shows it, since each
 * endpoint has one key. The polls are only for what happens elsewhere.
 */

/**
 * After a call to an agent (Test, invoke, a playground message, a cancel): the agent's read (health, last
 * call, counters), every list it is in, its series, the gateway summary (overview, the list's p95) and the
 * task lists. Other agents' series did not change.
 */
export function refreshAfterCall(queryClient: QueryClient, agentId: string): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: agentKeys.detail(agentId) }),
    queryClient.invalidateQueries({ queryKey: agentKeys.lists() }),
    queryClient.invalidateQueries({ queryKey: metricsKeys.summaries() }),
    queryClient.invalidateQueries({ queryKey: metricsKeys.agentSeriesAll(agentId) }),
    queryClient.invalidateQueries({ queryKey: taskKeys.lists() }),
  ]);
}

/**
 * After the catalog changed (register, import, toggle, delete): every agents list (one filtered on `enabled`
 * may gain or lose the agent) and the gateway summary (its agent counts and the names it ranks).
 */
export function refreshAfterCatalogChange(queryClient: QueryClient): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: agentKeys.lists() }),
    queryClient.invalidateQueries({ queryKey: metricsKeys.summaries() }),
  ]);
}
