import type { AgentAuth } from '@switchboard/a2a-protocol';
import type { AgentSpec } from '@switchboard/a2a-protocol/gateway';
import type { AgentEntity } from '../entities/agent.entity';

/**
 * Catalog row → what the gateway core needs to call the agent. `open` decrypts the sealed credentials;
 * it runs only when a call needs them, so plaintext never sits in the catalog cache.
 */
export function fromAgentEntityToSpec(a: AgentEntity, open: (sealed: string) => AgentAuth): AgentSpec {
  const sealed = a.authValue;
  return {
    id: a.id,
    name: a.name,
    slug: a.slug,
    url: a.endpointUrl,
    provider: a.provider,
    enabled: a.enabled,
    timeoutMs: a.timeoutMs,
    description: a.description ?? undefined,
    capabilities: a.capabilities,
    rateLimitRpm: a.rateLimitRpm,
    costPerRequest: a.costPerRequest,
    pricing: a.pricing,
    budget: a.budget,
    tags: a.tags,
    providerConfig: a.providerConfig,
    protocolVersion: a.protocolVersion,
    authType: a.authType,
    credentials: () => (sealed ? open(sealed) : undefined),
  };
}
