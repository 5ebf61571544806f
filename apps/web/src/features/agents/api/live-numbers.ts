import type { QueryClient } from '@tanstack/react-query';
import { metricsKeys } from '../../overview/api/keys';
import { taskKeys } from '../../tasks/api/keys';
import { agentKeys } from './keys';

/*
 * What an action in the UI changed, asked for again at once — on every page that shows it, since each
 * endpoint has one key. The polls are only for what happens elsewhere.
 */

/**
 * The API records a call behind it: the metrics rows within METRICS_FLUSH_INTERVAL_MS (1 s by default), the
 * agent's last call within 2 s. Health is in memory at once; the numbers are asked for again once written.
 */
export const CALL_WRITE_BEHIND_MS = 2_500;

function invalidateCallViews(queryClient: QueryClient, agentId: string): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: agentKeys.detail(agentId) }),
    queryClient.invalidateQueries({ queryKey: agentKeys.lists() }),
    queryClient.invalidateQueries({ queryKey: metricsKeys.summaries() }),
    queryClient.invalidateQueries({ queryKey: metricsKeys.agentSeriesAll(agentId) }),
    queryClient.invalidateQueries({ queryKey: taskKeys.lists() }),
  ]);
}

/**
 * After a call to an agent (Test, invoke, a playground message, a cancel): the agent's read (health, last
 * call, counters), every list it is in, its series, the gateway summary (overview, the list's p95) and the
 * task lists — now, and once more when the API has written the call. Other agents' series did not change.
 */
export function refreshAfterCall(queryClient: QueryClient, agentId: string): Promise<unknown> {
  setTimeout(() => void invalidateCallViews(queryClient, agentId), CALL_WRITE_BEHIND_MS);
  return invalidateCallViews(queryClient, agentId);
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
