import type { ServerRead } from '@switchboard/api-contract';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { Button } from '../../../components/Button';
import { CopyButton } from '../../../components/CopyButton';
import {
  EmptyState,
  ListFooter,
  LoadError,
  LoadingState,
  PageHeader,
  tableClass,
  tableWrapClass,
  tdClass,
  TableHead,
} from '../../../components/PageState';
import { buttonClass, inputClass, linkClass } from '../../../components/styles';
import { errorMessage } from '../../../lib/http';
import { useDebouncedValue } from '../../../lib/use-debounced-value';
import { useAuth } from '../../auth/hooks/use-auth';
import { useServerList } from '../api/list-servers';
import { serverDetailPath, serverEditPath } from '../lib/paths';
import { DeleteServerDialog } from './DeleteServerDialog';
import { ServerStatus } from './ServerStatus';
import { ToggleServerButton } from './ToggleServerButton';

const SERVER_COLUMNS = [{ label: 'Name' }, { label: 'Agents' }, { label: 'Status' }, { label: 'MCP URL' }];

export function ServersPage() {
  const { canWrite } = useAuth();
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search.trim(), 300);
  const list = useServerList({ q: q || undefined });
  const servers = list.data?.pages.flatMap((page) => page.items) ?? [];
  const [toDelete, setToDelete] = useState<ServerRead | null>(null);
  const headingRef = useRef<HTMLDivElement>(null);

  return (
    <div className="space-y-6 focus:outline-none" ref={headingRef} tabIndex={-1}>
      <title>Servers · Switchboard</title>
      <PageHeader
        title="Virtual servers"
        description="MCP endpoints that expose chosen agents as tools, for Claude Desktop, Cursor or any MCP client."
        actions={
          canWrite && (
            <Link to="/servers/new" className={buttonClass('primary')}>
              Create server
            </Link>
          )
        }
      />

      <form
        role="search"
        aria-label="Search servers"
        onSubmit={(event) => event.preventDefault()}
        className="max-w-md"
      >
        <label htmlFor="server-search" className="sr-only">
          Search servers
        </label>
        <input
          id="server-search"
          type="search"
          placeholder="Search by name or description"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          className={inputClass}
        />
      </form>

      <section aria-label="Servers list" aria-busy={list.isFetching} className="space-y-4">
        {list.isPending ? (
          <LoadingState testId="servers-loading">Loading servers…</LoadingState>
        ) : list.isError && servers.length === 0 ? (
          <LoadError
            title="Could not load servers"
            testId="servers-error"
            message={errorMessage(list.error)}
            onRetry={() => void list.refetch()}
          />
        ) : servers.length === 0 ? (
          <EmptyState
            testId="servers-empty"
            title={q ? 'No servers match this search.' : 'No virtual servers yet.'}
          >
            {q ? null : canWrite ? (
              <>
                <Link to="/servers/new" className={linkClass}>
                  Create a server
                </Link>{' '}
                to give MCP clients a set of agents as tools.
              </>
            ) : (
              'An admin can create servers.'
            )}
          </EmptyState>
        ) : (
          <>
            <div className={tableWrapClass}>
              <table className={tableClass}>
                <caption className="sr-only">Virtual servers</caption>
                <TableHead
                  columns={
                    canWrite ? [...SERVER_COLUMNS, { label: 'Actions', hidden: true }] : SERVER_COLUMNS
                  }
                />
                <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
                  {servers.map((server) => (
                    <tr key={server.id} data-testid="server-row" data-server-id={server.id}>
                      <th scope="row" className={`${tdClass} max-w-64 text-left font-normal`}>
                        <Link
                          to={serverDetailPath(server.id)}
                          className={`${linkClass} font-semibold break-words`}
                        >
                          <span data-testid="server-name">{server.name}</span>
                        </Link>
                        {server.description && (
                          <span className="mt-0.5 line-clamp-2 block text-xs text-slate-600 dark:text-slate-400">
                            {server.description}
                          </span>
                        )}
                      </th>
                      <td className={tdClass} data-testid="server-agent-count">
                        {server.associatedAgents.length}
                      </td>
                      <td className={tdClass}>
                        <ServerStatus enabled={server.enabled} />
                      </td>
                      <td className={`${tdClass} max-w-80`}>
                        <div className="flex items-center gap-2">
                          <code className="block min-w-0 truncate text-xs" title={server.mcpUrl}>
                            {server.mcpUrl}
                          </code>
                          <CopyButton value={server.mcpUrl} label={`Copy MCP URL of ${server.name}`} />
                        </div>
                      </td>
                      {canWrite && (
                        <td className={`${tdClass} text-right whitespace-nowrap`}>
                          <div className="flex justify-end gap-2">
                            <Link
                              to={serverEditPath(server.id)}
                              aria-label={`Edit ${server.name}`}
                              className={buttonClass('secondary', 'sm')}
                            >
                              Edit
                            </Link>
                            <ToggleServerButton server={server} />
                            <Button
                              size="sm"
                              variant="ghost"
                              className="text-red-700 hover:bg-red-50 hover:text-red-800 dark:text-red-400 dark:hover:bg-red-950"
                              aria-label={`Delete ${server.name}`}
                              onClick={() => setToDelete(server)}
                            >
                              Delete
                            </Button>
                          </div>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {list.isError && (
              <p className="text-sm text-red-700 dark:text-red-400">{errorMessage(list.error)}</p>
            )}
            <ListFooter
              shown={servers.length === 1 ? '1 server shown' : `${servers.length} servers shown`}
              testId="servers-count"
              hasMore={list.hasNextPage}
              loadingMore={list.isFetchingNextPage}
              onLoadMore={() => void list.fetchNextPage()}
            />
          </>
        )}
      </section>

      {toDelete && (
        <DeleteServerDialog
          server={toDelete}
          onClose={() => setToDelete(null)}
          onDeleted={() => setToDelete(null)}
          fallbackFocus={() => headingRef.current}
        />
      )}
    </div>
  );
}
