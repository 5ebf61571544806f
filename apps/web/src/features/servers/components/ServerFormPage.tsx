import type { ServerCreate, ServerRead } from '@switchboard/api-contract';
import { useState } from 'react';
import { Controller, useForm, type Resolver } from 'react-hook-form';
import { Link, Navigate, useNavigate, useParams } from 'react-router';
import { ErrorAlert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { Field } from '../../../components/Field';
import { LoadError, LoadingState, PageHeader, Panel } from '../../../components/PageState';
import { buttonClass, checkboxClass, inputClass, linkClass } from '../../../components/styles';
import { apiIssuesOf } from '../../../lib/api-issues';
import { ApiError, errorMessage } from '../../../lib/http';
import { toast } from '../../../lib/toast';
import { useAuth } from '../../auth/hooks/use-auth';
import { useCreateServer } from '../api/create-server';
import { useServer } from '../api/get-server';
import { useUpdateServer } from '../api/update-server';
import { serverDetailPath } from '../lib/paths';
import {
  serverCreateResolver,
  serverFieldOf,
  serverFormValues,
  serverUpdateResolver,
  type ServerFormOutput,
  type ServerFormValues,
} from '../lib/server-form';
import { AgentPicker } from './AgentPicker';

/** `/servers/new` and `/servers/:serverId/edit` */
export function ServerFormPage() {
  const { serverId } = useParams();
  const { canWrite } = useAuth();
  const server = useServer(serverId ?? '', Boolean(serverId));

  if (!canWrite) return <Navigate to={serverId ? serverDetailPath(serverId) : '/servers'} replace />;
  const title = serverId ? 'Edit server' : 'Create server';

  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <title>{`${title} · Switchboard`}</title>
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link to="/servers" className={linkClass}>
          Servers
        </Link>
      </nav>
      <PageHeader
        title={title}
        description="A virtual server is one MCP endpoint whose tools are the agents you choose."
      />
      {!serverId ? (
        <ServerForm />
      ) : server.isPending ? (
        <LoadingState testId="server-loading">Loading the server…</LoadingState>
      ) : server.isError ? (
        <LoadError
          title="Could not load the server"
          message={errorMessage(server.error)}
          onRetry={() => void server.refetch()}
        />
      ) : (
        <ServerForm key={server.data.id} server={server.data} />
      )}
    </div>
  );
}

function ServerForm({ server }: { server?: ServerRead }) {
  const navigate = useNavigate();
  const [defaultValues] = useState(() => serverFormValues(server));
  const form = useForm<ServerFormValues, unknown, ServerFormOutput>({
    resolver: (server ? serverUpdateResolver : serverCreateResolver) as Resolver<
      ServerFormValues,
      unknown,
      ServerFormOutput
    >,
    defaultValues,
  });
  const create = useCreateServer();
  const update = useUpdateServer(server?.id ?? '');
  const [formError, setFormError] = useState<string | null>(null);
  const errors = form.formState.errors;

  /** The API's field problems go next to their inputs; anything else above the form. */
  const showServerError = (error: unknown) => {
    let focus = true;
    const unmatched: string[] = [];
    for (const issue of apiIssuesOf(error)) {
      const field = serverFieldOf(issue.path.split('.'));
      if (!field) {
        unmatched.push(issue.path ? `${issue.path}: ${issue.message}` : issue.message);
        continue;
      }
      form.setError(field, { type: 'server', message: issue.message }, { shouldFocus: focus });
      focus = false;
    }
    if (focus && error instanceof ApiError && error.status === 409) {
      form.setError('name', { type: 'server', message: error.message }, { shouldFocus: true });
      return;
    }
    if (!focus && unmatched.length === 0) return;
    const message = unmatched.length > 0 ? unmatched.join('; ') : errorMessage(error);
    setFormError(message);
    toast.error(message, server ? 'Could not save the server' : 'Could not create the server');
  };

  const onSubmit = form.handleSubmit(async (input) => {
    setFormError(null);
    try {
      const saved = server
        ? await update.mutateAsync(input)
        : await create.mutateAsync(input as ServerCreate);
      toast.success(server ? `${saved.name} was saved.` : `${saved.name} was created.`);
      void navigate(serverDetailPath(saved.id));
    } catch (error) {
      showServerError(error);
    }
  });

  return (
    <form
      noValidate
      aria-label={server ? `Edit ${server.name}` : 'Create server'}
      onSubmit={(event) => void onSubmit(event)}
      className="space-y-6"
    >
      {(formError || errors.root) && (
        <ErrorAlert testId="server-form-error">{formError ?? errors.root?.message}</ErrorAlert>
      )}
      <Panel title="Details">
        <div className="space-y-5">
          <Field
            label="Name"
            required
            error={errors.name?.message}
            hint="Letters, digits, spaces and _ . - (shown to MCP clients)."
          >
            {(control) => (
              <input
                {...control}
                {...form.register('name')}
                autoComplete="off"
                spellCheck={false}
                className={inputClass}
              />
            )}
          </Field>
          <Field label="Description" error={errors.description?.message}>
            {(control) => (
              <textarea {...control} {...form.register('description')} rows={3} className={inputClass} />
            )}
          </Field>
          <Field label="Tags" error={errors.tags?.message} hint="Comma-separated.">
            {(control) => (
              <input {...control} {...form.register('tags')} autoComplete="off" className={inputClass} />
            )}
          </Field>
          <div className="flex items-center gap-2">
            <input
              id="server-enabled"
              type="checkbox"
              {...form.register('enabled')}
              className={checkboxClass}
            />
            <label
              htmlFor="server-enabled"
              className="text-sm font-medium text-slate-900 dark:text-slate-100"
            >
              Enabled
            </label>
            <span className="text-xs text-slate-600 dark:text-slate-400">
              (a disabled server’s MCP endpoint answers 404)
            </span>
          </div>
        </div>
      </Panel>
      <Panel title="Tools">
        <Controller
          control={form.control}
          name="associatedAgents"
          render={({ field, fieldState }) => (
            <AgentPicker value={field.value} onChange={field.onChange} error={fieldState.error?.message} />
          )}
        />
      </Panel>
      <div className="flex flex-col-reverse gap-3 sm:flex-row sm:justify-end">
        <Link to={server ? serverDetailPath(server.id) : '/servers'} className={buttonClass('secondary')}>
          Cancel
        </Link>
        <Button type="submit" busy={form.formState.isSubmitting}>
          {server ? 'Save server' : 'Create server'}
        </Button>
      </div>
    </form>
  );
}
