import { Link } from 'react-router';
import { CopyButton } from '../../../components/CopyButton';
import { LoadError, LoadingState } from '../../../components/PageState';
import { linkClass } from '../../../components/styles';
import { errorMessage } from '../../../lib/http';
import { useClientConfig } from '../api/get-client-config';

function Snippet({ title, file, text }: { title: string; file?: string; text: string }) {
  return (
    <figure className="min-w-0 space-y-2" data-testid="client-config-snippet">
      <figcaption className="flex flex-wrap items-center justify-between gap-2">
        <span className="text-sm font-semibold text-slate-900 dark:text-white">
          {title}
          {file && (
            <span className="ml-2 font-mono text-xs font-normal text-slate-600 dark:text-slate-400">
              {file}
            </span>
          )}
        </span>
        <CopyButton value={text} label={`Copy ${title} configuration`} />
      </figcaption>
      <pre
        tabIndex={0}
        aria-label={`${title} configuration`}
        className="max-h-72 overflow-auto rounded-md bg-slate-900 p-3 text-xs leading-relaxed text-slate-100 ring-1 ring-slate-800 dark:bg-slate-950"
      >
        <code>{text}</code>
      </pre>
    </figure>
  );
}

/** Ready-to-paste settings from `GET /servers/:id/client-config`. */
export function ClientConfigSnippets({ serverId }: { serverId: string }) {
  const config = useClientConfig(serverId);
  if (config.isPending) return <LoadingState>Loading client settings…</LoadingState>;
  if (config.isError)
    return (
      <LoadError
        title="Could not load client settings"
        message={errorMessage(config.error)}
        onRetry={() => void config.refetch()}
      />
    );
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700 dark:text-slate-300">
        Replace <code className="rounded bg-slate-100 px-1 dark:bg-slate-800">&lt;YOUR_API_TOKEN&gt;</code>{' '}
        with an{' '}
        <Link to="/tokens" className={linkClass}>
          API token
        </Link>
        .
      </p>
      <div className="grid gap-4 xl:grid-cols-2">
        <Snippet
          title="Claude Desktop"
          file="claude_desktop_config.json"
          text={JSON.stringify(config.data.claudeDesktop, null, 2)}
        />
        <Snippet title="Cursor" file=".cursor/mcp.json" text={JSON.stringify(config.data.cursor, null, 2)} />
      </div>
      <Snippet title="MCP Inspector" text={config.data.inspector} />
    </div>
  );
}
