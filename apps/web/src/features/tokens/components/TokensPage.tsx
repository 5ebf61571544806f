import type { ApiToken, ApiTokenCreated } from '@switchboard/api-contract';
import { useRef, useState } from 'react';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { Button } from '../../../components/Button';
import {
  EmptyState,
  LoadError,
  LoadingState,
  PageHeader,
  Panel,
  tableClass,
  tableWrapClass,
  tdClass,
  TableHead,
} from '../../../components/PageState';
import { formatDateTime } from '../../../lib/format';
import { errorMessage } from '../../../lib/http';
import { toast } from '../../../lib/toast';
import { useAuth } from '../../auth/hooks/use-auth';
import { useTokenList } from '../api/list-tokens';
import { useRevokeToken } from '../api/revoke-token';
import { CreateTokenForm } from './CreateTokenForm';
import { NewTokenNotice } from './NewTokenNotice';

const TOKEN_COLUMNS = [
  { label: 'Name' },
  { label: 'Role' },
  { label: 'Token' },
  { label: 'Created' },
  { label: 'Expires' },
  { label: 'Last used' },
];

function isExpired(token: ApiToken): boolean {
  return token.expiresAt !== null && new Date(token.expiresAt).getTime() <= Date.now();
}

export function TokensPage() {
  const { user, canWrite } = useAuth();
  const tokens = useTokenList();
  const revoke = useRevokeToken();
  const [created, setCreated] = useState<ApiTokenCreated | null>(null);
  const [toRevoke, setToRevoke] = useState<ApiToken | null>(null);
  const listRef = useRef<HTMLElement>(null);
  const items = tokens.data ?? [];

  return (
    <div className="space-y-6">
      <title>API tokens · Switchboard</title>
      <PageHeader
        title="API tokens"
        description="Long-lived bearer tokens for scripts, CI and MCP clients. Each acts as you, with the role it was given."
      />

      {canWrite && user && (
        <Panel title="Create a token">
          <CreateTokenForm ownRole={user.role} onCreated={setCreated} />
        </Panel>
      )}
      {created && <NewTokenNotice token={created} onDone={() => setCreated(null)} />}

      <section
        ref={listRef}
        tabIndex={-1}
        aria-label="Your tokens"
        aria-busy={tokens.isFetching}
        className="space-y-3 focus:outline-none"
      >
        <h2 className="text-base font-semibold text-slate-900 dark:text-white">Your tokens</h2>
        {tokens.isPending ? (
          <LoadingState testId="tokens-loading">Loading tokens…</LoadingState>
        ) : tokens.isError ? (
          <LoadError
            title="Could not load tokens"
            testId="tokens-error"
            message={errorMessage(tokens.error)}
            onRetry={() => void tokens.refetch()}
          />
        ) : items.length === 0 ? (
          <EmptyState testId="tokens-empty" title="No API tokens yet.">
            {canWrite
              ? 'Create one above to call the API or an MCP server from a script.'
              : 'An admin can create tokens.'}
          </EmptyState>
        ) : (
          <div className={tableWrapClass}>
            <table className={tableClass}>
              <caption className="sr-only">Your API tokens</caption>
              <TableHead
                columns={canWrite ? [...TOKEN_COLUMNS, { label: 'Actions', hidden: true }] : TOKEN_COLUMNS}
              />
              <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
                {items.map((token) => (
                  <tr key={token.id} data-testid="token-row" data-token-id={token.id}>
                    <th
                      scope="row"
                      className={`${tdClass} text-left font-semibold text-slate-900 dark:text-white`}
                    >
                      <span data-testid="token-name">{token.name}</span>
                    </th>
                    <td className={tdClass}>{token.role}</td>
                    <td className={tdClass}>
                      <code className="text-xs">{token.prefix}…</code>
                    </td>
                    <td className={`${tdClass} whitespace-nowrap`}>{formatDateTime(token.createdAt)}</td>
                    <td className={`${tdClass} whitespace-nowrap`}>
                      {token.expiresAt ? formatDateTime(token.expiresAt) : 'Never'}
                      {isExpired(token) && (
                        <span className="ml-2 rounded-full bg-red-50 px-2 py-0.5 text-xs font-semibold text-red-800 dark:bg-red-950 dark:text-red-200">
                          expired
                        </span>
                      )}
                    </td>
                    <td className={`${tdClass} whitespace-nowrap`}>
                      {token.lastUsedAt ? formatDateTime(token.lastUsedAt) : 'Never'}
                    </td>
                    {canWrite && (
                      <td className={`${tdClass} text-right`}>
                        <Button
                          size="sm"
                          variant="ghost"
                          className="text-red-700 hover:bg-red-50 hover:text-red-800 dark:text-red-400 dark:hover:bg-red-950"
                          aria-label={`Revoke ${token.name}`}
                          onClick={() => {
                            revoke.reset();
                            setToRevoke(token);
                          }}
                        >
                          Revoke
                        </Button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {toRevoke && (
        <ConfirmDialog
          testId="revoke-token-dialog"
          title={`Revoke ${toRevoke.name}?`}
          confirmLabel="Revoke"
          busy={revoke.isPending}
          error={revoke.error ? errorMessage(revoke.error) : null}
          onCancel={() => setToRevoke(null)}
          fallbackFocus={() => listRef.current}
          onConfirm={() =>
            revoke.mutate(toRevoke, {
              onSuccess: () => {
                setToRevoke(null);
                if (created?.id === toRevoke.id) setCreated(null);
                toast.success(`${toRevoke.name} was revoked.`);
              },
            })
          }
        >
          <p>
            Anything using <strong className="font-semibold">{toRevoke.name}</strong> will get 401
            Unauthorized from now on. This cannot be undone.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
