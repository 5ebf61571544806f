import type { Task } from '@switchboard/a2a-protocol';
import { QueryClient, type QueryKey } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { metricsSummaryQueryOptions } from '../../overview/api/get-metrics-summary';
import { agentSeriesQueryOptions, rangeSeriesWindow } from '../../overview/api/get-agent-series';
import { cacheCanceledTask } from '../../tasks/api/cancel-task';
import { taskListQueryOptions } from '../../tasks/api/list-tasks';
import { taskQueryOptions } from '../../tasks/api/get-task';
import { tokenListQueryOptions } from '../../tokens/api/list-tokens';
import { agentQueryOptions } from './get-agent';
import { agentKeys } from './keys';
import { CALL_WRITE_BEHIND_MS, refreshAfterCall, refreshAfterCatalogChange } from './live-numbers';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';

/*
 * Each view's query, by the query options its page really uses: the agent page, the agents list and its
 * p95 column, the overview, the Tasks page and an agent's recent tasks, the tokens page.
 */
const views = {
  agentPage: agentQueryOptions(A).queryKey,
  otherAgentPage: agentQueryOptions(B).queryKey,
  agentsList: agentKeys.list({}),
  agentsListP95: metricsSummaryQueryOptions('24h', 100).queryKey,
  overview: metricsSummaryQueryOptions('1h', 5).queryKey,
  agentCharts: agentSeriesQueryOptions(A, { rangeMs: 3_600_000, bucket: 'minute' }).queryKey,
  overviewSeriesOfAgent: agentSeriesQueryOptions(A, rangeSeriesWindow('24h')).queryKey,
  overviewSeriesOfOther: agentSeriesQueryOptions(B, rangeSeriesWindow('24h')).queryKey,
  tasksPage: taskListQueryOptions({}).queryKey,
  agentRecentTasks: taskListQueryOptions({ agent: 'support_agent' }).queryKey,
  tokens: tokenListQueryOptions().queryKey,
} satisfies Record<string, QueryKey>;
type View = keyof typeof views;

let queryClient: QueryClient;

function seeded(): QueryClient {
  queryClient = new QueryClient();
  for (const key of Object.values(views)) queryClient.setQueryData(key, { cached: true });
  return queryClient;
}

const stale = (): View[] =>
  (Object.keys(views) as View[]).filter((view) => queryClient.getQueryState(views[view])?.isInvalidated);

afterEach(() => {
  queryClient.clear();
  vi.useRealTimers();
});

const callViews = [
  'agentPage',
  'agentsList',
  'agentsListP95',
  'overview',
  'agentCharts',
  'overviewSeriesOfAgent',
  'tasksPage',
  'agentRecentTasks',
].sort();

describe('live numbers', () => {
  it('a call to an agent refreshes its page, every list, the overview, its charts and the task lists — nothing else', async () => {
    vi.useFakeTimers();
    await refreshAfterCall(seeded(), A);
    expect(stale().sort()).toEqual(callViews);
  });

  it('asks again once the API has written the call behind it (last call, metrics rows)', async () => {
    vi.useFakeTimers();
    await refreshAfterCall(seeded(), A);
    // Fresh answers came in right after the call, before the API had written it.
    for (const key of Object.values(views)) queryClient.setQueryData(key, { cached: true });
    expect(stale()).toEqual([]);
    await vi.advanceTimersByTimeAsync(CALL_WRITE_BEHIND_MS);
    expect(stale().sort()).toEqual(callViews);
  });

  it('a catalog change refreshes the agent lists and the overview counts, not the call history', async () => {
    await refreshAfterCatalogChange(seeded());
    expect(stale().sort()).toEqual(['agentsList', 'agentsListP95', 'overview'].sort());
  });

  it("canceling in the playground refreshes the Tasks page and the agent's recent tasks alike", async () => {
    seeded();
    const task: Task = { id: 't-1', contextId: 'c-1', status: { state: 'TASK_STATE_CANCELED' } };
    await cacheCanceledTask(queryClient, 'support_agent', task);
    expect(stale().sort()).toEqual(['agentRecentTasks', 'tasksPage'].sort());
    // The task page shows the canceled task at once.
    expect(queryClient.getQueryData(taskQueryOptions('support_agent', 't-1').queryKey)).toEqual(task);
  });
});
