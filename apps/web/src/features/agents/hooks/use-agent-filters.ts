import type { AgentProvider } from '@switchboard/a2a-protocol';
import { AgentListQuerySchema } from '@switchboard/api-contract';
import { useState } from 'react';
import { useDebouncedValue } from '../../../lib/use-debounced-value';
import type { AgentListFilters } from '../api/keys';

export type StatusFilter = '' | NonNullable<AgentListFilters['enabled']>;
export type ProviderFilter = '' | AgentProvider;

const DEBOUNCE_MS = 300;
const querySchema = AgentListQuerySchema.shape;

/** Search / tag / provider / status filter inputs, debounced and checked with AgentListQuerySchema. */
export function useAgentFilters() {
  const [search, setSearch] = useState('');
  const [tag, setTag] = useState('');
  const [status, setStatus] = useState<StatusFilter>('');
  const [provider, setProvider] = useState<ProviderFilter>('');
  const debouncedSearch = useDebouncedValue(search, DEBOUNCE_MS);
  const debouncedTag = useDebouncedValue(tag, DEBOUNCE_MS);

  const q = querySchema.q.safeParse(debouncedSearch.trim() || undefined);
  const tagResult = querySchema.tag.safeParse(debouncedTag.trim() || undefined);
  const tagError = tagResult.success ? undefined : tagResult.error.issues[0]?.message;

  const filters: AgentListFilters = {
    q: q.success ? q.data : undefined,
    tag: tagResult.success ? tagResult.data : undefined,
    enabled: status || undefined,
    provider: provider || undefined,
  };
  const active = Boolean(search.trim() || tag.trim() || status || provider);

  return {
    search,
    setSearch,
    tag,
    setTag,
    tagError,
    status,
    setStatus,
    provider,
    setProvider,
    filters,
    /** False while an input holds a value the API would reject. */
    valid: tagResult.success && q.success,
    active,
    clear: () => {
      setSearch('');
      setTag('');
      setStatus('');
      setProvider('');
    },
  };
}
