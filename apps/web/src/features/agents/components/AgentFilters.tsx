import { Field } from '../../../components/Field';
import { inputClass } from '../../../components/styles';
import { AGENT_PROVIDERS, AGENT_PROVIDER_LABELS } from '@switchboard/a2a-protocol';
import type { ProviderFilter, StatusFilter, useAgentFilters } from '../hooks/use-agent-filters';

type FiltersState = ReturnType<typeof useAgentFilters>;

/** Search box plus tag, provider and status filters for the agents list. */
export function AgentFilters({ state }: { state: FiltersState }) {
  return (
    <form
      role="search"
      aria-label="Filter agents"
      className="grid gap-4 sm:grid-cols-2 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)_minmax(0,1fr)]"
      onSubmit={(event) => event.preventDefault()}
    >
      <Field label="Search" hint="Name, description, endpoint or tag.">
        {(control) => (
          <input
            {...control}
            type="search"
            className={inputClass}
            value={state.search}
            maxLength={200}
            placeholder="e.g. hello"
            autoComplete="off"
            onChange={(event) => state.setSearch(event.target.value)}
          />
        )}
      </Field>
      <Field label="Tag" error={state.tagError}>
        {(control) => (
          <input
            {...control}
            type="text"
            className={inputClass}
            value={state.tag}
            maxLength={50}
            placeholder="e.g. demo"
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => state.setTag(event.target.value)}
          />
        )}
      </Field>
      <Field label="Provider">
        {(control) => (
          <select
            {...control}
            className={inputClass}
            value={state.provider}
            onChange={(event) => state.setProvider(event.target.value as ProviderFilter)}
          >
            <option value="">All</option>
            {AGENT_PROVIDERS.map((provider) => (
              <option key={provider} value={provider}>
                {AGENT_PROVIDER_LABELS[provider]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Status">
        {(control) => (
          <select
            {...control}
            className={inputClass}
            value={state.status}
            onChange={(event) => state.setStatus(event.target.value as StatusFilter)}
          >
            <option value="">All</option>
            <option value="true">Enabled</option>
            <option value="false">Disabled</option>
          </select>
        )}
      </Field>
    </form>
  );
}
