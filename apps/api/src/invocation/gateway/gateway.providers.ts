import type { Provider } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import {
  A2AGateway,
  InMemoryAgentRegistry,
  InMemoryRateLimitStore,
  OutboundHttp,
  type AgentRegistry,
  type InvocationRecord,
  type RateLimitStore,
} from '@switchboard/a2a-protocol/gateway';
import { DataSource } from 'typeorm';
import { ClusterRedis } from '../../cluster/cluster-redis';
import { RedisRateLimitStore } from '../../cluster/redis-rate-limit.store';
import { SharedSpendStore } from '../../cluster/shared-spend.store';
import { a2aConfig, healthConfig } from '../../config';
import { OutageLog } from '../../common/errors/outage-log';
import { AgentHealthStore } from '../../health/agent-health.store';
import { METRICS_RECORDER, type MetricsRecorder } from '../../metrics/metrics-recorder';
import { GatewayObservability } from '../../observability/gateway-observability';
import { LastInteractionSink } from '../stores/last-interaction.sink';
import { PgConversationStore } from '../stores/pg-conversation.store';
import { PgTaskStore, TASK_FLUSH_DELAY_MS } from '../stores/pg-task.store';
import { AGENT_REGISTRY, RATE_LIMIT_STORE } from './gateway.tokens';

/** Catalog id of an agent by name: the stores keep rows by agent id, so renames keep them. */
const agentIdIn = (registry: AgentRegistry) => (name: string) => registry.get(name)?.id;

/**
 * The gateway core (libs/a2a-protocol) built from the API's stores: its registry mirrors the catalog in
 * memory, its task store, conversations and metrics write behind to Postgres; rate limits and spend are
 * shared through Redis when there is one. Every call's record fans out to last_interaction, the metrics
 * recorder and Prometheus.
 */
function buildGateway(
  registry: AgentRegistry,
  http: OutboundHttp,
  tasks: PgTaskStore,
  spend: SharedSpendStore,
  rateLimits: RateLimitStore,
  conversations: PgConversationStore,
  health: AgentHealthStore,
  lastInteraction: LastInteractionSink,
  recorder: MetricsRecorder | null,
  observability: GatewayObservability,
  config: ConfigType<typeof a2aConfig>,
  healthSettings: ConfigType<typeof healthConfig>,
): A2AGateway {
  const prometheus = observability.sink;
  const gateway = new A2AGateway({
    registry,
    http,
    tasks,
    spend,
    rateLimits,
    conversations,
    health,
    metrics: {
      record(record: InvocationRecord) {
        lastInteraction.record(record);
        recorder?.record(record);
        prometheus.record(record);
      },
    },
    tracer: observability.tracer,
    retry: { maxRetries: config.maxRetries, baseDelayMs: config.retryBaseMs },
    breaker: {
      failureThreshold: config.circuitFailureThreshold,
      cooldownMs: config.circuitCooldownMs,
      degradedLatencyMs: healthSettings.degradedLatencyMs,
      recoverySuccesses: healthSettings.recoverySuccesses,
    },
  });
  observability.watch(gateway, recorder);
  return gateway;
}

/** The gateway and its stores, as providers (factories where config decides). */
export const gatewayProviders: Provider[] = [
  { provide: AGENT_REGISTRY, useFactory: () => new InMemoryAgentRegistry() },
  {
    provide: RATE_LIMIT_STORE,
    inject: [ClusterRedis],
    useFactory: (redis: ClusterRedis): RateLimitStore =>
      redis.enabled ? new RedisRateLimitStore(redis) : new InMemoryRateLimitStore(),
  },
  SharedSpendStore,
  {
    provide: PgTaskStore,
    inject: [DataSource, AGENT_REGISTRY, ClusterRedis, OutageLog],
    // With replicas, a task another one just created may not be written yet: a miss is read again.
    useFactory: (db: DataSource, registry: AgentRegistry, redis: ClusterRedis, outages: OutageLog) =>
      new PgTaskStore(db, agentIdIn(registry), outages, redis.enabled ? 3 * TASK_FLUSH_DELAY_MS : 0),
  },
  {
    provide: LastInteractionSink,
    inject: [DataSource, AGENT_REGISTRY, OutageLog],
    useFactory: (db: DataSource, registry: AgentRegistry, outages: OutageLog) =>
      new LastInteractionSink(db, agentIdIn(registry), outages),
  },
  {
    provide: PgConversationStore,
    inject: [DataSource, AGENT_REGISTRY],
    useFactory: (db: DataSource, registry: AgentRegistry) => new PgConversationStore(db, agentIdIn(registry)),
  },
  {
    provide: A2AGateway,
    inject: [
      AGENT_REGISTRY,
      OutboundHttp,
      PgTaskStore,
      SharedSpendStore,
      RATE_LIMIT_STORE,
      PgConversationStore,
      AgentHealthStore,
      LastInteractionSink,
      METRICS_RECORDER,
      GatewayObservability,
      a2aConfig.KEY,
      healthConfig.KEY,
    ],
    useFactory: buildGateway,
  },
];
