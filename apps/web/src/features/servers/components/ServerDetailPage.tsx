import { useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Button } from '../../../components/Button';
import { CopyButton } from '../../../components/CopyButton';
import { LoadError, LoadingState, PageHeader, Panel } from '../../../components/PageState';
import { buttonClass, linkClass } from '../../../components/styles';
import { formatDateTime } from '../../../lib/format';
import { errorMessage } from '../../../lib/http';
import { useAuth } from '../../auth/hooks/use-auth';
import { usePickedAgents } from '../api/get-picked-agents';
import { useServer } from '../api/get-server';
import { serverEditPath } from '../lib/paths';
import { ClientConfigSnippets } from './ClientConfigSnippets';
import { DeleteServerDialog } from './DeleteServerDialog';
import { ServerStatus } from './ServerStatus';
import { ServerToolsList } from './ServerToolsList';
import { ToggleServerButton } from './ToggleServerButton';

export function ServerDetailPage() {
  const { serverId = '' } = useParams();
  const { canWrite } = useAuth();
  const navigate = useNavigate();
  const server = useServer(serverId);
  const agents = usePickedAgents(server.data?.associatedAgents ?? []);
  const [deleting, setDeleting] = useState(false);
  const pageRef = useRef<HTMLDivElement>(null);

  if (server.isPending) return <LoadingState testId="server-loading">Loading the server…</LoadingState>;
  if (server.isError)
    return (
      <div className="space-y-4">
        <title>Server · Switchboard</title>
        <Link to="/servers" className={linkClass}>
          Back to servers
        </Link>
        <LoadError
          title="Could not load the server"
          testId="server-error"
          message={errorMessage(server.error)}
          onRetry={() => void server.refetch()}
        />
      </div>
    );

  const data = server.data;
  return (
    <div className="space-y-6 focus:outline-none" ref={pageRef} tabIndex={-1}>
      <title>{`${data.name} · Servers · Switchboard`}</title>
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link to="/servers" className={linkClass}>
          Servers
        </Link>
      </nav>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            {data.name} <ServerStatus enabled={data.enabled} />
          </span>
        }
        description={data.description ?? undefined}
        actions={
          canWrite && (
            <>
              <Link
                to={serverEditPath(data.id)}
                aria-label={`Edit ${data.name}`}
                className={buttonClass('secondary')}
              >
                Edit
              </Link>
              <ToggleServerButton server={data} size="md" />
              <Button variant="danger" aria-label={`Delete ${data.name}`} onClick={() => setDeleting(true)}>
                Delete
              </Button>
            </>
          )
        }
      />

      <Panel title="MCP endpoint" testId="mcp-endpoint">
        <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
          <code
            data-testid="mcp-url"
            className="block min-w-0 flex-1 rounded-md bg-slate-100 px-3 py-2 text-sm break-all text-slate-900 dark:bg-slate-800 dark:text-slate-100"
          >
            {data.mcpUrl}
          </code>
          <CopyButton value={data.mcpUrl} label="Copy MCP URL" size="md" />
        </div>
        <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
          Streamable HTTP (MCP 2025-11-25). Clients authenticate with <code>Authorization: Bearer</code> and
          an API token.
        </p>
      </Panel>

      <Panel title="Tools" testId="server-tools">
        <ServerToolsList serverId={data.id} serverEnabled={data.enabled} />
      </Panel>

      <Panel title="Client configuration" testId="client-config">
        <ClientConfigSnippets serverId={data.id} />
      </Panel>

      <Panel title="Details">
        <dl className="grid gap-4 text-sm sm:grid-cols-2 lg:grid-cols-4">
          <div className="sm:col-span-2">
            <dt className="font-medium text-slate-600 dark:text-slate-400">Agents</dt>
            <dd className="mt-1">
              {data.associatedAgents.length === 0 ? (
                <span className="text-slate-700 dark:text-slate-300">None</span>
              ) : (
                <ul className="flex flex-wrap gap-2" aria-label="Associated agents">
                  {data.associatedAgents.map((id) => {
                    const agent = agents.byId.get(id);
                    return (
                      <li
                        key={id}
                        data-testid="server-agent"
                        className="rounded-full bg-slate-100 px-2.5 py-0.5 text-xs font-medium text-slate-800 dark:bg-slate-800 dark:text-slate-200"
                      >
                        {agent?.name ?? (agents.missing.includes(id) ? `${id} (deleted)` : id)}
                        {agent && !agent.enabled && ' (disabled)'}
                      </li>
                    );
                  })}
                </ul>
              )}
            </dd>
          </div>
          <div>
            <dt className="font-medium text-slate-600 dark:text-slate-400">Tags</dt>
            <dd className="mt-1 text-slate-800 dark:text-slate-200">
              {data.tags.length ? data.tags.join(', ') : '—'}
            </dd>
          </div>
          <div>
            <dt className="font-medium text-slate-600 dark:text-slate-400">Updated</dt>
            <dd className="mt-1 text-slate-800 dark:text-slate-200">{formatDateTime(data.updatedAt)}</dd>
          </div>
        </dl>
      </Panel>

      {deleting && (
        <DeleteServerDialog
          server={data}
          onClose={() => setDeleting(false)}
          onDeleted={() => void navigate('/servers', { replace: true })}
          fallbackFocus={() => pageRef.current}
        />
      )}
    </div>
  );
}
