import { Button } from '../../../components/Button';
import { EmptyState, LoadError, LoadingState } from '../../../components/PageState';
import { errorMessage } from '../../../lib/http';
import { useServerTools } from '../api/get-server-tools';

/** The tools the server's MCP endpoint lists right now (refreshed every few seconds). */
export function ServerToolsList({ serverId, serverEnabled }: { serverId: string; serverEnabled: boolean }) {
  const tools = useServerTools(serverId);
  return (
    <div className="space-y-3" aria-busy={tools.isFetching}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-slate-600 dark:text-slate-400">
          What <code>tools/list</code> answers now: one tool per enabled agent.
          {!serverEnabled && ' The server is disabled, so MCP clients get 404 until it is enabled.'}
        </p>
        <Button size="sm" variant="secondary" busy={tools.isFetching} onClick={() => void tools.refetch()}>
          Refresh tools
        </Button>
      </div>
      {tools.isPending ? (
        <LoadingState testId="tools-loading">Loading tools…</LoadingState>
      ) : tools.isError ? (
        <LoadError
          title="Could not load tools"
          message={errorMessage(tools.error)}
          onRetry={() => void tools.refetch()}
        />
      ) : tools.data.tools.length === 0 ? (
        <EmptyState testId="tools-empty" title="No tools.">
          Choose enabled agents for this server to give MCP clients something to call.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-md ring-1 ring-slate-200 dark:divide-slate-800 dark:ring-slate-800">
          {tools.data.tools.map((tool) => (
            <li key={tool.name} data-testid="server-tool" className="p-3">
              <p className="flex flex-wrap items-baseline gap-x-3">
                <code
                  data-testid="server-tool-name"
                  className="text-sm font-semibold text-slate-900 dark:text-white"
                >
                  {tool.name}
                </code>
                {tool.title && (
                  <span className="text-sm text-slate-600 dark:text-slate-400">{tool.title}</span>
                )}
              </p>
              {tool.description && (
                <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">{tool.description}</p>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
