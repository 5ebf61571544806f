import type { AgentRead } from '@switchboard/api-contract';
import { useCallback, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { ErrorAlert, StatusMessage } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { ListFooter } from '../../../components/PageState';
import { Spinner } from '../../../components/Spinner';
import { buttonClass, linkClass } from '../../../components/styles';
import { errorMessage } from '../../../lib/http';
import { useAuth } from '../../auth/hooks/use-auth';
import { useAgentList } from '../api/list-agents';
import { useAgentFilters } from '../hooks/use-agent-filters';
import { AgentFilters } from './AgentFilters';
import { AgentsTable } from './AgentsTable';
import { agentsPageStateOf } from '../lib/agents-page-state';
import { DeleteAgentDialog } from './DeleteAgentDialog';

export function AgentsPage() {
  const { canWrite } = useAuth();
  const location = useLocation();
  const filterState = useAgentFilters();
  const list = useAgentList(filterState.filters, filterState.valid);
  const [opened] = useState(() => agentsPageStateOf(location.state));
  const [notice, setNotice] = useState<string | null>(opened.notice);
  // The API's warnings about the save that led here, until the next notice replaces it.
  const [warnings, setWarnings] = useState<string[]>(opened.warnings);
  const [toDelete, setToDelete] = useState<AgentRead | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const agents = list.data?.pages.flatMap((page) => page.items) ?? [];
  const showNotice = useCallback((message: string) => {
    setNotice(message);
    setWarnings([]);
  }, []);
  const askDelete = useCallback((agent: AgentRead) => setToDelete(agent), []);

  return (
    <div className="space-y-6">
      <title>Agents · Switchboard</title>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1
            ref={headingRef}
            tabIndex={-1}
            className="text-2xl font-bold tracking-tight text-slate-900 dark:text-slate-100 focus:outline-none"
          >
            Agents
          </h1>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            Every agent the gateway can route to.
          </p>
        </div>
        {canWrite && (
          <div className="flex flex-wrap gap-2">
            <Link to="/agents/import" className={buttonClass('secondary')}>
              Import from Agent Card URL
            </Link>
            <Link to="/agents/new" className={buttonClass('primary')}>
              Register agent
            </Link>
          </div>
        )}
      </div>

      {notice && (
        <StatusMessage tone="success" testId="agents-notice">
          {notice}
        </StatusMessage>
      )}
      {warnings.length > 0 && (
        <StatusMessage tone="warning" testId="agents-warnings">
          <p className="font-semibold">Saved, with a warning</p>
          <ul className="mt-1 list-disc space-y-1 pl-5">
            {warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </StatusMessage>
      )}
      <AgentFilters state={filterState} />

      <section
        aria-label="Agents list"
        aria-busy={list.isPending || list.isPlaceholderData}
        className="space-y-4"
      >
        {!filterState.valid ? (
          <p className="text-sm text-slate-700 dark:text-slate-300">Fix the filter above to see agents.</p>
        ) : list.isPending ? (
          <div
            role="status"
            data-testid="agents-loading"
            className="flex items-center gap-3 py-10 text-slate-700 dark:text-slate-300"
          >
            <Spinner /> Loading agents…
          </div>
        ) : list.isError && agents.length === 0 ? (
          <ErrorAlert
            title="Could not load agents"
            testId="agents-error"
            action={
              <Button size="sm" variant="secondary" onClick={() => void list.refetch()}>
                Retry
              </Button>
            }
          >
            {errorMessage(list.error)}
          </ErrorAlert>
        ) : agents.length === 0 ? (
          <div
            data-testid="agents-empty"
            className="rounded-lg border-2 border-dashed border-slate-300 dark:border-slate-700 px-6 py-12 text-center"
          >
            {filterState.active ? (
              <>
                <p className="font-semibold text-slate-900 dark:text-slate-100">
                  No agents match these filters.
                </p>
                <Button className="mt-4" variant="secondary" onClick={filterState.clear}>
                  Clear filters
                </Button>
              </>
            ) : (
              <>
                <p className="font-semibold text-slate-900 dark:text-slate-100">No agents registered yet.</p>
                {canWrite ? (
                  <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">
                    <Link to="/agents/new" className={linkClass}>
                      Register your first agent
                    </Link>{' '}
                    to make it reachable through the gateway.
                  </p>
                ) : (
                  <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">
                    An admin can register agents.
                  </p>
                )}
              </>
            )}
          </div>
        ) : (
          <>
            <AgentsTable agents={agents} canWrite={canWrite} onDelete={askDelete} onNotice={showNotice} />
            {list.isError && <ErrorAlert testId="agents-error">{errorMessage(list.error)}</ErrorAlert>}
            <ListFooter
              shown={agents.length === 1 ? '1 agent shown' : `${agents.length} agents shown`}
              testId="agents-count"
              hasMore={list.hasNextPage}
              loadingMore={list.isFetchingNextPage}
              onLoadMore={() => void list.fetchNextPage()}
            >
              {list.isPlaceholderData && <span className="ml-2">· Updating…</span>}
            </ListFooter>
          </>
        )}
      </section>

      {toDelete && (
        <DeleteAgentDialog
          agent={toDelete}
          onClose={() => setToDelete(null)}
          onDeleted={(agent) => {
            setToDelete(null);
            showNotice(`${agent.name} was deleted.`);
          }}
          fallbackFocus={() => headingRef.current}
        />
      )}
    </div>
  );
}
