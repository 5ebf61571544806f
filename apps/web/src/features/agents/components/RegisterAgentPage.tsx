import { A2A_PROTOCOL_VERSIONS, AGENT_PROVIDERS, AGENT_PROVIDER_LABELS } from '@switchboard/a2a-protocol';
import {
  AGENT_NAME_MAX,
  AGENT_TAGS_MAX,
  AGENT_TIMEOUT_MS_MAX,
  AGENT_TIMEOUT_MS_MIN,
} from '@switchboard/api-contract';
import type { AgentRead } from '@switchboard/api-contract';
import type { BaseSyntheticEvent, ReactNode } from 'react';
import type { UseFormReturn } from 'react-hook-form';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { Field } from '../../../components/Field';
import { buttonClass, checkboxClass, inputClass, linkClass } from '../../../components/styles';
import { useAuth } from '../../auth/hooks/use-auth';
import { Spinner } from '../../../components/Spinner';
import { errorMessage } from '../../../lib/http';
import { useAgent } from '../api/get-agent';
import { useEditAgentForm, useRegisterAgentForm } from '../hooks/use-agent-form';
import { CAPABILITY_LABELS, CAPABILITY_NAMES, type AgentFormValues } from '../lib/agent-form';
import { AuthFields } from './AuthFields';
import { ProviderConfigFields } from './ProviderConfigFields';

function Section({
  title,
  description,
  children,
}: {
  title: string;
  description?: string;
  children: ReactNode;
}) {
  return (
    <fieldset className="rounded-lg bg-white dark:bg-slate-900 p-5 shadow-sm ring-1 ring-slate-200 dark:ring-slate-700 sm:p-6">
      <legend className="float-left w-full text-base font-semibold text-slate-900 dark:text-slate-100">
        {title}
      </legend>
      <div className="clear-both pt-1">
        {description && <p className="text-sm text-slate-600 dark:text-slate-400">{description}</p>}
        <div className="mt-5">{children}</div>
      </div>
    </fieldset>
  );
}

/** What a viewer sees on a write-only page. */
export function AdminOnly({ title, action }: { title: string; action: string }) {
  return (
    <div className="max-w-xl space-y-4">
      <title>{`${title} · Switchboard`}</title>
      <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-slate-100">{title}</h1>
      <ErrorAlert testId="register-forbidden">
        Only admins can {action}. Your account can view the catalog.
      </ErrorAlert>
      <Link to="/agents" className={linkClass}>
        Back to agents
      </Link>
    </div>
  );
}

export function RegisterAgentPage() {
  const { canWrite } = useAuth();
  if (!canWrite) return <AdminOnly title="Register agent" action="register agents" />;
  return <RegisterAgentForm />;
}

function RegisterAgentForm() {
  const state = useRegisterAgentForm();
  return (
    <AgentFormView
      {...state}
      form={state.form}
      title="Register agent"
      intro="Add an agent to the catalog so the gateway can route to it."
      submitLabel="Register"
      failure="The agent was not registered"
    />
  );
}

/** `/agents/:id/edit`: the same form, filled in from the stored agent. */
export function EditAgentPage() {
  const { canWrite } = useAuth();
  const { id = '' } = useParams();
  const agent = useAgent(id);
  if (!canWrite) return <AdminOnly title="Edit agent" action="edit agents" />;
  if (agent.isPending) {
    return (
      <div role="status" data-testid="agent-loading" className="flex items-center gap-3 py-10">
        <Spinner /> Loading agent…
      </div>
    );
  }
  if (agent.isError) {
    return (
      <div className="max-w-xl space-y-4">
        <title>Edit agent · Switchboard</title>
        <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-slate-100">Edit agent</h1>
        <ErrorAlert title="Could not load the agent">{errorMessage(agent.error)}</ErrorAlert>
        <Link to="/agents" className={linkClass}>
          Back to agents
        </Link>
      </div>
    );
  }
  // Keyed by version: a newer copy of the agent starts the form afresh.
  return <EditAgentForm key={`${agent.data.id}:${agent.data.version}`} agent={agent.data} />;
}

function EditAgentForm({ agent }: { agent: AgentRead }) {
  const state = useEditAgentForm(agent);
  return (
    <AgentFormView
      {...state}
      form={state.form}
      title={`Edit ${agent.name}`}
      intro="Change how the gateway reaches this agent. Secrets left empty keep their stored value."
      submitLabel="Save changes"
      failure="The agent was not saved"
      storedAuthType={agent.authType}
    />
  );
}

interface AgentFormViewProps {
  form: UseFormReturn<AgentFormValues, unknown, unknown>;
  onSubmit: (event?: BaseSyntheticEvent) => Promise<void>;
  formError: string | null;
  submitting: boolean;
  title: string;
  intro: string;
  submitLabel: string;
  failure: string;
  storedAuthType?: AgentRead['authType'];
}

function AgentFormView({
  form,
  onSubmit,
  formError,
  submitting,
  title,
  intro,
  submitLabel,
  failure,
  storedAuthType,
}: AgentFormViewProps) {
  const { register } = form;
  const errors = form.formState.errors;
  const alert = formError ?? errors.root?.message;

  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <title>{`${title} · Switchboard`}</title>
      <div>
        <Link to="/agents" className={`text-sm ${linkClass}`}>
          <span aria-hidden="true">← </span>Back to agents
        </Link>
        <h1 className="mt-2 text-2xl font-bold tracking-tight text-slate-900 dark:text-slate-100">{title}</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{intro}</p>
      </div>

      <form noValidate onSubmit={(event) => void onSubmit(event)} aria-label={title} className="space-y-6">
        {alert && (
          <ErrorAlert title={failure} testId="form-error">
            {alert}
          </ErrorAlert>
        )}

        <Section title="Agent">
          <div className="grid gap-5 sm:grid-cols-2">
            <Field
              label="Name"
              required
              hint="Letters, digits, spaces and _ . - (must be unique)."
              error={errors.name?.message}
              className="sm:col-span-2"
            >
              {(control) => (
                <input
                  {...control}
                  {...register('name')}
                  type="text"
                  className={inputClass}
                  maxLength={AGENT_NAME_MAX}
                  autoComplete="off"
                  placeholder="hello_world_agent"
                />
              )}
            </Field>
            <Field label="Description" error={errors.description?.message} className="sm:col-span-2">
              {(control) => (
                <textarea {...control} {...register('description')} rows={2} className={inputClass} />
              )}
            </Field>
            <Field
              label="Endpoint URL"
              required
              hint="http(s) URL the gateway calls."
              error={errors.endpointUrl?.message}
              className="sm:col-span-2"
            >
              {(control) => (
                <input
                  {...control}
                  {...register('endpointUrl')}
                  type="url"
                  inputMode="url"
                  className={inputClass}
                  autoComplete="off"
                  spellCheck={false}
                  placeholder="http://localhost:9999/"
                />
              )}
            </Field>
            <Field label="Provider" error={errors.provider?.message}>
              {(control) => (
                <select {...control} {...register('provider')} className={inputClass}>
                  {AGENT_PROVIDERS.map((provider) => (
                    <option key={provider} value={provider}>
                      {AGENT_PROVIDER_LABELS[provider]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field
              label="Protocol version"
              hint="A2A protocol version the agent speaks."
              error={errors.protocolVersion?.message}
            >
              {(control) => (
                <>
                  <input
                    {...control}
                    {...register('protocolVersion')}
                    type="text"
                    list="protocol-versions"
                    className={inputClass}
                    autoComplete="off"
                  />
                  <datalist id="protocol-versions">
                    {A2A_PROTOCOL_VERSIONS.map((version) => (
                      <option key={version} value={version} />
                    ))}
                  </datalist>
                </>
              )}
            </Field>
            <Field
              label="Tags"
              hint={`Comma-separated, up to ${AGENT_TAGS_MAX}; e.g. demo, hello-world.`}
              error={errors.tags?.message}
              className="sm:col-span-2"
            >
              {(control) => (
                <input
                  {...control}
                  {...register('tags')}
                  type="text"
                  className={inputClass}
                  autoComplete="off"
                  spellCheck={false}
                  placeholder="demo, hello-world"
                />
              )}
            </Field>
            <div className="flex items-start gap-3 sm:col-span-2">
              <input
                {...register('enabled')}
                id="agent-enabled"
                type="checkbox"
                className={`mt-0.5 ${checkboxClass}`}
                aria-describedby="agent-enabled-hint"
              />
              <div className="text-sm">
                <label htmlFor="agent-enabled" className="font-medium text-slate-900 dark:text-slate-100">
                  Enabled
                </label>
                <p id="agent-enabled-hint" className="text-xs text-slate-600 dark:text-slate-400">
                  Disabled agents stay in the catalog but the gateway does not route to them.
                </p>
              </div>
            </div>
          </div>
        </Section>

        <Section title="Provider settings" description="What the chosen provider needs to reach the agent.">
          <ProviderConfigFields form={form} />
        </Section>

        <Section title="Capabilities" description="What the agent supports.">
          <div className="grid gap-3 sm:grid-cols-2">
            {CAPABILITY_NAMES.map((name) => (
              <label
                key={name}
                className="flex items-center gap-3 text-sm font-medium text-slate-900 dark:text-slate-100"
              >
                <input {...register(`capabilities.${name}`)} type="checkbox" className={checkboxClass} />
                {CAPABILITY_LABELS[name]}
              </label>
            ))}
          </div>
        </Section>

        <Section title="Authentication" description="Credentials the gateway uses when it calls the agent.">
          <AuthFields form={form} storedAuthType={storedAuthType} />
        </Section>

        <Section title="Configuration" description="A free-form JSON object kept with the agent.">
          <div className="grid gap-5 sm:grid-cols-2">
            <Field
              label="Agent config (JSON)"
              hint='A JSON object, e.g. {"temperature": 0.7}. Empty = {}.'
              error={errors.config?.message}
            >
              {(control) => (
                <textarea
                  {...control}
                  {...register('config')}
                  rows={5}
                  spellCheck={false}
                  className={`${inputClass} font-mono`}
                  placeholder="{}"
                />
              )}
            </Field>
          </div>
        </Section>

        <Section title="Limits" description="Leave empty to use the gateway defaults.">
          <div className="grid gap-5 sm:grid-cols-3">
            <Field
              label="Timeout (ms)"
              hint={`${AGENT_TIMEOUT_MS_MIN}–${AGENT_TIMEOUT_MS_MAX.toLocaleString('en-US')} ms.`}
              error={errors.timeoutMs?.message}
            >
              {(control) => (
                <input
                  {...control}
                  {...register('timeoutMs')}
                  type="number"
                  inputMode="numeric"
                  min={AGENT_TIMEOUT_MS_MIN}
                  max={AGENT_TIMEOUT_MS_MAX}
                  step={1}
                  className={inputClass}
                />
              )}
            </Field>
            <Field
              label="Rate limit (requests/min)"
              hint="Empty = no limit."
              error={errors.rateLimitRpm?.message}
            >
              {(control) => (
                <input
                  {...control}
                  {...register('rateLimitRpm')}
                  type="number"
                  inputMode="numeric"
                  min={1}
                  step={1}
                  className={inputClass}
                />
              )}
            </Field>
            <Field
              label="Cost per request"
              hint="In your billing unit. Empty = not tracked."
              error={errors.costPerRequest?.message}
            >
              {(control) => (
                <input
                  {...control}
                  {...register('costPerRequest')}
                  type="number"
                  inputMode="decimal"
                  min={0}
                  step="any"
                  className={inputClass}
                />
              )}
            </Field>
          </div>
        </Section>

        <div className="flex flex-col-reverse gap-3 sm:flex-row sm:justify-end">
          <Link to="/agents" className={buttonClass('secondary')}>
            Cancel
          </Link>
          <Button type="submit" busy={submitting}>
            {submitLabel}
          </Button>
        </div>
      </form>
    </div>
  );
}
