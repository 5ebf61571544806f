import { AGENT_PROVIDER_LABELS } from '@switchboard/a2a-protocol';
import {
  AgentCreateSchema,
  AgentImportSchema,
  type AgentImport,
  type AgentImportPreview,
} from '@switchboard/api-contract';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useNavigate } from 'react-router';
import { ErrorAlert, StatusMessage } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { Field } from '../../../components/Field';
import { buttonClass, inputClass, linkClass } from '../../../components/styles';
import { apiIssuesOf } from '../../../lib/api-issues';
import { errorMessage } from '../../../lib/http';
import { useAuth } from '../../auth/hooks/use-auth';
import { useImportAgent, usePreviewImport } from '../api/import-agent';
import { savedAgentState } from '../lib/agents-page-state';
import {
  importCollisionOf,
  importFormResolver,
  toImportInput,
  type ImportFormValues,
} from '../lib/import-form';
import { AgentCardView } from './AgentCardView';
import { AdminOnly } from './RegisterAgentPage';

const sameImport = (a: AgentImport, b: AgentImport) => JSON.stringify(a) === JSON.stringify(b);

export function ImportAgentPage() {
  const { canWrite } = useAuth();
  if (!canWrite) return <AdminOnly title="Import agent" action="register agents" />;
  return <ImportAgentForm />;
}

function ImportAgentForm() {
  const form = useForm<ImportFormValues, unknown, AgentImport>({
    resolver: importFormResolver,
    defaultValues: { cardUrl: '', name: '', tags: '' },
  });
  const preview = usePreviewImport();
  const importAgent = useImportAgent();
  const navigate = useNavigate();
  const [previewed, setPreviewed] = useState<{ body: AgentImport; result: AgentImportPreview } | null>(null);
  const errors = form.formState.errors;

  const putOnFields = (error: unknown): boolean => {
    let placed = false;
    for (const issue of apiIssuesOf(error)) {
      const field = issue.path.split('.')[0];
      if (field === 'cardUrl' || field === 'name' || field === 'tags') {
        form.setError(field, { type: 'server', message: issue.message }, { shouldFocus: !placed });
        placed = true;
      }
    }
    return placed;
  };

  const onPreview = form.handleSubmit(async (body) => {
    setPreviewed(null);
    importAgent.reset();
    try {
      const result = await preview.mutateAsync(body);
      setPreviewed({ body, result });
      const collision = importCollisionOf(result);
      // The name as previewed would be refused: offer a free one in its place (previewed again to register).
      if (collision.kind === 'taken' && collision.suggestedName) {
        form.setValue('name', collision.suggestedName, { shouldDirty: true });
      }
    } catch (error) {
      putOnFields(error);
    }
  });

  const onImport = async () => {
    if (!previewed) return;
    // The inputs may have changed since the preview: register only what was previewed.
    const current = await form.trigger();
    if (!current) return;
    try {
      const agent = await importAgent.mutateAsync(previewed.body);
      void navigate('/agents', {
        state: savedAgentState(agent, `${agent.name} was imported from its Agent Card.`),
      });
    } catch (error) {
      putOnFields(error);
    }
  };

  const draft = previewed ? AgentCreateSchema.safeParse(previewed.result.agent) : null;
  const stale =
    previewed !== null &&
    !sameImport(
      previewed.body,
      AgentImportSchema.safeParse(toImportInput(form.watch())).data ?? previewed.body,
    );
  const failure = preview.error ?? importAgent.error;
  const collision = previewed ? importCollisionOf(previewed.result) : ({ kind: 'none' } as const);

  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <title>Import agent · Switchboard</title>
      <div>
        <Link to="/agents" className={`text-sm ${linkClass}`}>
          <span aria-hidden="true">← </span>Back to agents
        </Link>
        <h1 className="mt-2 text-2xl font-bold tracking-tight text-slate-900 dark:text-slate-100">
          Import from Agent Card URL
        </h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Switchboard reads the agent’s card and fills in the registration. Check the preview, then register.
        </p>
      </div>

      <form
        noValidate
        aria-label="Import agent"
        onSubmit={(event) => void onPreview(event)}
        className="space-y-5 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:p-6 dark:bg-slate-900 dark:ring-slate-700"
      >
        {failure && apiIssuesOf(failure).length === 0 && (
          <ErrorAlert
            testId="form-error"
            title={preview.error ? 'Could not read the card' : 'The agent was not registered'}
          >
            {errorMessage(failure)}
          </ErrorAlert>
        )}
        <Field
          label="Agent Card URL"
          required
          hint="The card itself, or the agent’s base URL (/.well-known/agent-card.json is tried under it)."
          error={errors.cardUrl?.message}
        >
          {(control) => (
            <input
              {...control}
              {...form.register('cardUrl')}
              type="url"
              inputMode="url"
              className={inputClass}
              autoComplete="off"
              spellCheck={false}
              placeholder="http://localhost:9999/.well-known/agent-card.json"
            />
          )}
        </Field>
        <div className="grid gap-5 sm:grid-cols-2">
          <Field label="Name" hint="Optional: defaults to the card’s name." error={errors.name?.message}>
            {(control) => (
              <input
                {...control}
                {...form.register('name')}
                type="text"
                className={inputClass}
                autoComplete="off"
              />
            )}
          </Field>
          <Field
            label="Tags"
            hint="Optional, comma-separated: defaults to the tags of the card’s skills."
            error={errors.tags?.message}
          >
            {(control) => (
              <input
                {...control}
                {...form.register('tags')}
                type="text"
                className={inputClass}
                autoComplete="off"
                spellCheck={false}
              />
            )}
          </Field>
        </div>
        <div className="flex justify-end">
          <Button type="submit" variant={previewed ? 'secondary' : 'primary'} busy={preview.isPending}>
            Preview card
          </Button>
        </div>
      </form>

      {previewed && (
        <section
          aria-labelledby="import-preview-heading"
          data-testid="import-preview"
          className="space-y-6 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:p-6 dark:bg-slate-900 dark:ring-slate-700"
        >
          <div>
            <h2
              id="import-preview-heading"
              className="text-base font-semibold text-slate-900 dark:text-slate-100"
            >
              Preview
            </h2>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
              Card found at <code className="break-all">{previewed.result.cardUrl}</code>. Nothing is saved
              yet.
            </p>
          </div>
          {draft?.success && (
            <dl className="grid gap-4 rounded-md bg-slate-50 p-4 text-sm sm:grid-cols-2 dark:bg-slate-800/50">
              <div>
                <dt className="font-medium text-slate-600 dark:text-slate-400">Will be registered as</dt>
                <dd data-testid="import-draft-name" className="font-semibold">
                  {draft.data.name}
                </dd>
              </div>
              <div>
                <dt className="font-medium text-slate-600 dark:text-slate-400">Endpoint</dt>
                <dd className="break-all">
                  <code>{draft.data.endpointUrl}</code>
                </dd>
              </div>
              <div>
                <dt className="font-medium text-slate-600 dark:text-slate-400">Provider · protocol</dt>
                <dd>
                  {AGENT_PROVIDER_LABELS[draft.data.provider]} · v{draft.data.protocolVersion}
                </dd>
              </div>
              <div>
                <dt className="font-medium text-slate-600 dark:text-slate-400">Tags</dt>
                <dd data-testid="import-draft-tags">{draft.data.tags.join(', ') || '—'}</dd>
              </div>
            </dl>
          )}
          <AgentCardView card={previewed.result.card} />
          {collision.kind === 'same' && (
            <StatusMessage testId="import-collision">{collision.message}</StatusMessage>
          )}
          {collision.kind === 'taken' && (
            <StatusMessage tone="warning" testId="import-collision">
              <p>{collision.message}</p>
              {collision.suggestedName ? (
                <div className="mt-2 flex flex-wrap items-center gap-3">
                  <span>
                    The name is now <strong>{collision.suggestedName}</strong>, which is free.
                  </span>
                  <Button size="sm" variant="secondary" onClick={() => void onPreview()}>
                    Preview under this name
                  </Button>
                </div>
              ) : (
                <p className="mt-2">Choose another name above and preview again.</p>
              )}
            </StatusMessage>
          )}
          {stale && collision.kind !== 'taken' && (
            <p role="status" className="text-sm text-amber-800 dark:text-amber-200">
              The inputs changed since this preview: preview again to register them.
            </p>
          )}
          <div className="flex flex-col-reverse gap-3 sm:flex-row sm:justify-end">
            <Link to="/agents" className={buttonClass('secondary')}>
              Cancel
            </Link>
            <Button
              onClick={() => void onImport()}
              busy={importAgent.isPending}
              disabled={stale || collision.kind === 'taken'}
            >
              Register agent
            </Button>
          </div>
        </section>
      )}
    </div>
  );
}
