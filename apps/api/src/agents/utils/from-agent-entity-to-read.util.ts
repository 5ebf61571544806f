import type { AgentHealthRead, AgentMetricsSummary, AgentRead } from '@switchboard/api-contract';
import type { AgentEntity } from '../entities/agent.entity';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Entity → API read model. The ciphertext never leaves: the caller passes the auth fields already
 * masked (or null when there are none), and the agent's health as the gateway knows it.
 */
export function fromAgentEntityToRead(
  a: AgentEntity,
  maskedAuth: Record<string, unknown> | null,
  health: AgentHealthRead,
  metrics: AgentMetricsSummary,
): AgentRead {
  return {
    id: a.id,
    name: a.name,
    slug: a.slug,
    description: a.description,
    endpointUrl: a.endpointUrl,
    provider: a.provider,
    protocolVersion: a.protocolVersion,
    capabilities: a.capabilities,
    config: a.config,
    providerConfig: a.providerConfig,
    authType: a.authType,
    hasAuth: a.authValue !== null,
    auth: maskedAuth,
    tags: a.tags,
    enabled: a.enabled,
    timeoutMs: a.timeoutMs,
    rateLimitRpm: a.rateLimitRpm,
    costPerRequest: a.costPerRequest,
    pricing: a.pricing,
    budget: a.budget,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
    lastInteraction: iso(a.lastInteraction),
    createdBy: a.createdBy,
    createdFromIp: a.createdFromIp,
    createdVia: a.createdVia,
    createdUserAgent: a.createdUserAgent,
    modifiedBy: a.modifiedBy,
    modifiedFromIp: a.modifiedFromIp,
    modifiedVia: a.modifiedVia,
    modifiedUserAgent: a.modifiedUserAgent,
    importBatchId: a.importBatchId,
    federationSource: a.federationSource,
    card: a.card,
    cardUrl: a.cardUrl,
    cardFetchedAt: iso(a.cardFetchedAt),
    version: a.version,
    health,
    metrics,
  };
}
