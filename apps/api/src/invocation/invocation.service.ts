import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { A2AError, A2AErrorCode, type Message, type SendMessageRequest } from '@switchboard/a2a-protocol';
import {
  A2AGateway,
  OutboundHttp,
  periodStart,
  type CallOptions,
  type FrontDoor,
  type InvocationRecord,
} from '@switchboard/a2a-protocol/gateway';
import { ClusterBus } from '../cluster/cluster-bus';
import { ClusterRedis } from '../cluster/cluster-redis';
import { SharedSpendStore } from '../cluster/shared-spend.store';
import { RedisRateLimitStore } from '../cluster/redis-rate-limit.store';
import { PgMetricsBatchWriter } from '../metrics/metrics-batch-writer';
import { MetricsRecorder } from '../metrics/metrics-recorder';
import { MetricsStore } from '../metrics/metrics-store';
import { GatewayObservability } from '../observability/gateway-observability';
import type { InvokeRequest } from '@switchboard/api-contract';
import type { FastifyRequest } from 'fastify';
import { Subscription } from 'rxjs';
import { DataSource } from 'typeorm';
import { AgentsService } from '../agents/agents.service';
import type { Principal } from '../auth/decorators/current-user.decorator';
import { OutboundUrlPolicy } from '../common/outbound/outbound-url.policy';
import { a2aConfig, appConfig, healthConfig, securityConfig } from '../config';
import { AgentHealthStore } from '../health/agent-health.store';
import { LastInteractionSink } from './stores/last-interaction.sink';
import { PgConversationStore } from './stores/pg-conversation.store';
import { PgTaskStore, TASK_FLUSH_DELAY_MS } from './stores/pg-task.store';

const LEGACY_TEXT_KEYS = ['query', 'message', 'text', 'prompt', 'input'] as const;

/**
 * Owns the one gateway pipeline (libs/a2a-protocol) for the whole API: its registry mirrors the catalog
 * in memory (no database read per call), its task store and metrics write behind. Every front door —
 * REST, the A2A proxy, MCP — calls through here.
 */
@Injectable()
export class InvocationService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(InvocationService.name);
  readonly gateway: A2AGateway;
  private readonly tasks: PgTaskStore;
  private readonly lastInteraction: LastInteractionSink;
  /** Per-call metrics (null when A2A_METRICS_ENABLED=false). */
  readonly recorder: MetricsRecorder | null;
  private subscription?: Subscription;
  private readonly spend: SharedSpendStore;
  private readonly db: DataSource;
  /** PUBLIC_URL, for links the gateway hands out (proxy cards); null = derived from each request. */
  readonly publicUrl: string | null;

  constructor(
    private readonly agents: AgentsService,
    @Inject(a2aConfig.KEY) config: ConfigType<typeof a2aConfig>,
    @Inject(appConfig.KEY) app: ConfigType<typeof appConfig>,
    @Inject(securityConfig.KEY) security: ConfigType<typeof securityConfig>,
    policy: OutboundUrlPolicy,
    db: DataSource,
    healthStore: AgentHealthStore,
    @Inject(healthConfig.KEY) health: ConfigType<typeof healthConfig>,
    readonly observability: GatewayObservability,
    redis: ClusterRedis,
    bus: ClusterBus,
  ) {
    this.spend = new SharedSpendStore(bus);
    this.publicUrl = app.publicUrl;
    this.db = db;
    const agentId = (name: string) => this.gateway.registry.get(name)?.id;
    this.tasks = new PgTaskStore(db, agentId, redis.enabled ? 3 * TASK_FLUSH_DELAY_MS : 0);
    this.lastInteraction = new LastInteractionSink(db, agentId);
    this.recorder = config.metrics.enabled
      ? new MetricsRecorder(new PgMetricsBatchWriter(db), config.metrics)
      : null;
    const recorder = this.recorder;
    const lastInteraction = this.lastInteraction;
    const prometheus = observability.sink;
    this.gateway = new A2AGateway({
      http: new OutboundHttp({ policy, maxResponseBytes: config.maxResponseBytes, ca: security.outboundCa }),
      tasks: this.tasks,
      spend: this.spend,
      ...(redis.enabled ? { rateLimits: new RedisRateLimitStore(redis) } : {}),
      conversations: new PgConversationStore(db, agentId),
      health: healthStore,
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
        degradedLatencyMs: health.degradedLatencyMs,
        recoverySuccesses: health.recoverySuccesses,
      },
    });
    observability.watch(this.gateway, recorder);
  }

  async onModuleInit(): Promise<void> {
    await this.recorder?.prepare();
    await this.seedSpend();
    for (const agent of await this.agents.all()) this.gateway.registerAgent(this.agents.specOf(agent));
    this.subscription = this.agents.changes.subscribe((change) => {
      if (change.type === 'delete') {
        this.gateway.unregisterAgent(change.name);
        return;
      }
      if (change.previousName && change.previousName !== change.agent.name)
        this.gateway.unregisterAgent(change.previousName);
      this.gateway.registerAgent(this.agents.specOf(change.agent));
    });
    this.logger.log(`Gateway ready with ${this.gateway.listAgents().length} agent(s)`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.subscription?.unsubscribe();
    this.spend.close();
    await this.tasks.flush();
    await this.lastInteraction.close();
    await this.recorder?.close();
    await this.gateway.close();
  }

  /** Budgets count what was spent before this process started: today's and this month's cost per agent. */
  private async seedSpend(): Promise<void> {
    const now = Date.now();
    const store = new MetricsStore(this.db);
    for (const period of ['day', 'month'] as const) {
      const spent = await store.spendSince(new Date(periodStart(period, now)));
      for (const [name, total] of spent) this.spend.seed(name, period, now, total);
    }
  }

  /** With the front door's `request`: its answer carries the overhead header, its trace continues. */
  callOptions(
    principal: Principal,
    frontDoor: FrontDoor,
    signal?: AbortSignal,
    interactionType?: string,
    request?: FastifyRequest,
  ): CallOptions {
    return {
      callerId: principal.userId,
      signal,
      frontDoor,
      ...(interactionType ? { interactionType } : {}),
      ...(request ? this.observability.requestScope(request) : {}),
    };
  }

  /** A REST invoke body as an A2A v1.0 SendMessage request. */
  toSendRequest(body: InvokeRequest): SendMessageRequest {
    const message: Message = this.messageOf(body);
    if (body.contextId) message.contextId = body.contextId;
    if (body.taskId) message.taskId = body.taskId;
    const metadata = {
      ...body.metadata,
      ...(body.interactionType ? { interactionType: body.interactionType } : {}),
    };
    return {
      message,
      ...(body.configuration ? { configuration: body.configuration } : {}),
      ...(Object.keys(metadata).length ? { metadata } : {}),
    };
  }

  private messageOf(body: InvokeRequest): Message {
    const messageId = globalThis.crypto.randomUUID();
    if (typeof body.message === 'string')
      return { messageId, role: 'ROLE_USER', parts: [{ text: body.message }] };
    if (body.message)
      return { ...body.message, messageId: body.message.messageId ?? messageId, role: 'ROLE_USER' };
    const parameters = body.parameters ?? {};
    const textKey = LEGACY_TEXT_KEYS.find((k) => typeof parameters[k] === 'string');
    if (textKey) return { messageId, role: 'ROLE_USER', parts: [{ text: parameters[textKey] as string }] };
    if (Object.keys(parameters).length === 0) {
      throw new A2AError(A2AErrorCode.InvalidRequest, 'parameters: empty; send a message');
    }
    return { messageId, role: 'ROLE_USER', parts: [{ data: parameters, mediaType: 'application/json' }] };
  }
}
