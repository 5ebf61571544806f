import { A2AError, A2AErrorCode } from '../errors/a2a-error';
import type { ProviderAdapter } from '../adapters/provider-adapter';
import type { ConversationStore } from '../adapters/conversation';
import { createProviderAdapters } from '../adapters/all-adapters';
import { OutboundHttp } from '../net/outbound-http';
import { OutboundPolicy } from '../net/outbound-policy';
import {
  isSettledState,
  type AgentCard,
  type ListTasksRequest,
  type ListTasksResponse,
  type Message,
  type SendMessageRequest,
  type SendMessageResponse,
  type StreamEvent,
  type Task,
} from '../types/a2a.schemas';
import { AdmissionControl, failedTaskProblem } from './admission';
import type { AgentSpec } from './agent-config';
import { callCanceled } from './call-errors';
import type { CallOptions, SendOptions } from './call-plan';
import { CircuitBreaker, DEFAULT_BREAKER, type CircuitBreakerOptions } from './circuit-breaker';
import {
  InMemoryAgentRegistry,
  InMemoryConversationStore,
  InMemoryHealthStore,
  InMemoryRateLimitStore,
  InMemorySpendStore,
  InMemoryTaskStore,
  NoopMetricsSink,
} from './in-memory';
import { A2AMessage, userMessage } from './messages';
import { estimatedSendUsage, estimatedUsage, Metering, textChars, type GatewayStats } from './metering';
import { CallPipeline, type ProbeResult } from './pipeline';
import {
  AgentState,
  isAvailable,
  type AgentRegistry,
  type HealthStore,
  type InvocationOutcome,
  type MetricsSink,
  type Operation,
  type RateLimitStore,
  type SpendStore,
  type TaskQuery,
  type TaskRecord,
  type TaskStore,
} from './ports';
import { DEFAULT_RETRY, sleep, type RetryOptions } from './retry';
import { TaskLedger } from './task-ledger';
import type { CallTracer } from './tracing';

export interface A2AGatewayOptions {
  registry?: AgentRegistry;
  rateLimits?: RateLimitStore;
  health?: HealthStore;
  metrics?: MetricsSink;
  tasks?: TaskStore;
  /** Spend per agent and period, for budgets; in memory by default. */
  spend?: SpendStore;
  /** History for providers that keep none (OpenAI, Anthropic, …); in memory by default. */
  conversations?: ConversationStore;
  /** Provider adapters; default: one for every provider (`createProviderAdapters()`). */
  adapters?: ProviderAdapter[];
  /** Allow agents (and card/token URLs) on loopback and private networks. Off by default (SSRF). */
  allowPrivateNetworks?: boolean;
  http?: OutboundHttp;
  retry?: Partial<RetryOptions>;
  breaker?: Partial<CircuitBreakerOptions>;
  maxResponseBytes?: number;
  now?: () => number;
  /** Traces every call (a span per call, the trace context sent to the agent); none by default. */
  tracer?: CallTracer;
}

/** litellm-rs's `A2AGatewayConfig`: options plus the agents to register. */
export interface A2AGatewayConfig extends A2AGatewayOptions {
  agents?: AgentSpec[];
}

/** The problem a send's answer shows: a failed task. */
const answerProblem = (answer: SendMessageResponse) =>
  'task' in answer ? failedTaskProblem(answer.task.id, answer.task.status) : undefined;

/**
 * The gateway core's library API (litellm-rs's A2AGateway): a registry of agents and the calls to them, each
 * through one pipeline whichever front door it came through (see CallPipeline): admission (AdmissionControl),
 * attempts, records (Metering), and the caller-bound record of their tasks (TaskLedger).
 * Usable on its own in a plain Node script; the API wires its ports to Postgres and Redis.
 */
export class A2AGateway {
  readonly registry: AgentRegistry;
  readonly http: OutboundHttp;
  readonly spend: SpendStore;
  private readonly health: HealthStore;
  private readonly now: () => number;
  private readonly metering: Metering;
  private readonly ledger: TaskLedger;
  private readonly pipeline: CallPipeline;

  constructor(options: A2AGatewayOptions = {}) {
    this.registry = options.registry ?? new InMemoryAgentRegistry();
    this.health = options.health ?? new InMemoryHealthStore();
    this.spend = options.spend ?? new InMemorySpendStore();
    this.now = options.now ?? Date.now;
    this.http =
      options.http ??
      new OutboundHttp({
        policy: new OutboundPolicy(options.allowPrivateNetworks ?? false),
        maxResponseBytes: options.maxResponseBytes,
      });
    this.metering = new Metering(options.metrics ?? new NoopMetricsSink(), this.spend, this.now);
    this.ledger = new TaskLedger(options.tasks ?? new InMemoryTaskStore(), this.now);
    this.pipeline = new CallPipeline({
      adapters: options.adapters ?? createProviderAdapters(),
      http: this.http,
      conversations: options.conversations ?? new InMemoryConversationStore(),
      admission: new AdmissionControl(
        options.rateLimits ?? new InMemoryRateLimitStore(),
        this.spend,
        new CircuitBreaker(this.health, { ...DEFAULT_BREAKER, ...options.breaker }),
      ),
      metering: this.metering,
      ledger: this.ledger,
      retry: { ...DEFAULT_RETRY, ...options.retry },
      tracer: options.tracer,
      now: this.now,
    });
  }

  static fromConfig(config: A2AGatewayConfig): A2AGateway {
    const gateway = new A2AGateway(config);
    for (const agent of config.agents ?? []) gateway.registerAgent(agent);
    return gateway;
  }

  // ---- registry ------------------------------------------------------------------------------------

  /** Add or replace an agent. Its URL is checked against the SSRF policy on every call, not here. */
  registerAgent(agent: AgentSpec): void {
    this.pipeline.forget(agent);
    this.registry.register(agent);
  }

  unregisterAgent(name: string): boolean {
    const agent = this.registry.get(name);
    if (!agent) return false;
    this.pipeline.forget(agent);
    this.health.delete(agent.name);
    this.metering.reset(agent.name);
    return this.registry.unregister(agent.name);
  }

  getAgent(name: string): AgentSpec {
    const agent = this.registry.get(name);
    if (!agent) throw A2AError.agentNotFound(name);
    return agent;
  }

  listAgents(): AgentSpec[] {
    return this.registry.list();
  }

  /** Enabled agents whose circuit is closed and that are not marked unhealthy. */
  listAvailableAgents(): AgentSpec[] {
    const now = this.now();
    return this.registry.list().filter((a) => a.enabled && isAvailable(this.health.get(a.name), now));
  }

  agentState(name: string): AgentState {
    const agent = this.getAgent(name);
    return agent.enabled ? this.health.get(agent.name).state : AgentState.Disabled;
  }

  setAgentState(name: string, state: AgentState): void {
    const agent = this.getAgent(name);
    this.health.set(agent.name, { ...this.health.get(agent.name), state, updatedAt: this.now() });
  }

  // ---- calls ---------------------------------------------------------------------------------------

  /** litellm-rs's `send_message(name, text)`. */
  sendMessage(name: string, text: string, options: SendOptions = {}): Promise<SendMessageResponse> {
    return this.send(name, { message: userMessage(text) }, options);
  }

  /** Send a full message (any parts) or SendMessage request; answers the agent's Task or Message. */
  async send(
    name: string,
    input: SendMessageRequest | Message | A2AMessage,
    options: SendOptions = {},
  ): Promise<SendMessageResponse> {
    const request = requestOf(input, options);
    const agent = this.resolve(name, 'send', options);
    const access = this.pipeline.assertAccess(agent, 'send', options, request.message.taskId);
    if (access) await access;
    const result = await this.pipeline.call<SendMessageResponse>({
      agent,
      operation: 'send',
      options,
      retry: 'transient',
      attempt: (adapter, ctx) => adapter.send(ctx, request),
      problemOf: answerProblem,
      estimateUsage: (answer) => estimatedSendUsage(request, answer),
    });
    if ('task' in result) this.ledger.observeTask(agent, result.task, options.callerId);
    return result;
  }

  /** Stream the agent's events for a new message; the stream ends when the task settles. */
  sendMessageStream(
    name: string,
    input: SendMessageRequest | Message | A2AMessage | string,
    options: SendOptions = {},
  ): AsyncIterable<StreamEvent> {
    const request = requestOf(typeof input === 'string' ? userMessage(input) : input, options);
    const agent = this.resolve(name, 'stream', options);
    return this.pipeline.stream({
      agent,
      operation: 'stream',
      options,
      retry: 'until-first-event',
      open: (adapter, ctx) => adapter.stream(ctx, request),
      taskId: request.message.taskId,
      estimateUsage: (outputChars) => estimatedUsage(textChars(request.message.parts), outputChars),
    });
  }

  async getTask(
    name: string,
    taskId: string,
    options: CallOptions & { historyLength?: number } = {},
  ): Promise<Task> {
    const agent = this.resolve(name, 'getTask', options, true);
    const access = this.pipeline.assertAccess(agent, 'getTask', options, taskId);
    if (access) await access;
    const task = await this.pipeline.call<Task>({
      agent,
      operation: 'getTask',
      options,
      retry: 'transient',
      attempt: (adapter, ctx) => adapter.getTask(ctx, taskId, options.historyLength),
      problemOf: undefined,
      estimateUsage: undefined,
    });
    this.ledger.observeTask(agent, task, options.callerId);
    return task;
  }

  async cancelTask(name: string, taskId: string, options: CallOptions = {}): Promise<Task> {
    const agent = this.resolve(name, 'cancelTask', options, true);
    const access = this.pipeline.assertAccess(agent, 'cancelTask', options, taskId);
    if (access) await access;
    const task = await this.pipeline.call<Task>({
      agent,
      operation: 'cancelTask',
      options,
      retry: 'never',
      attempt: (adapter, ctx) => adapter.cancelTask(ctx, taskId),
      problemOf: undefined,
      estimateUsage: undefined,
    });
    this.ledger.observeTask(agent, task, options.callerId);
    return task;
  }

  /** Re-attach to a running task's event stream (A2A `SubscribeToTask`). */
  subscribeToTask(name: string, taskId: string, options: CallOptions = {}): AsyncIterable<StreamEvent> {
    const agent = this.resolve(name, 'subscribe', options, true);
    return this.pipeline.stream({
      agent,
      operation: 'subscribe',
      options,
      retry: 'until-first-event',
      open: (adapter, ctx) => adapter.subscribe(ctx, taskId),
      taskId,
      estimateUsage: undefined,
    });
  }

  /** Poll until the task completes, fails, is canceled/rejected or needs input (litellm-rs's `wait_for_task`). */
  async waitForTask(
    name: string,
    taskId: string,
    timeoutMs: number,
    options: CallOptions = {},
  ): Promise<Task> {
    const deadline = this.now() + timeoutMs;
    for (let attempt = 0; ; attempt++) {
      const task = await this.getTask(name, taskId, options);
      if (isSettledState(task.status.state)) return task;
      const remaining = deadline - this.now();
      if (remaining <= 0) {
        throw new A2AError(
          A2AErrorCode.Timeout,
          `Task ${taskId} is still ${task.status.state} after ${timeoutMs} ms`,
          {
            agentName: name,
            timeoutMs,
            taskId,
            state: task.status.state,
          },
        );
      }
      try {
        await sleep(Math.min(remaining, Math.min(2_000, 100 * 2 ** attempt)), options.signal);
      } catch {
        throw callCanceled(name, 'stopped-waiting', taskId);
      }
    }
  }

  /** The agent's card (v1.0 shape), through the pipeline. */
  async agentCard(name: string, options: CallOptions = {}): Promise<AgentCard> {
    const agent = this.resolve(name, 'card', options, true);
    return this.pipeline.call<AgentCard>({
      agent,
      operation: 'card',
      options,
      retry: 'transient',
      attempt: (adapter, ctx) => adapter.card(ctx),
      problemOf: undefined,
      estimateUsage: undefined,
    });
  }

  /** One active health check of an agent (see CallPipeline.probe); a disabled agent is not probed. */
  async probe(name: string, options: { signal?: AbortSignal } = {}): Promise<ProbeResult> {
    const agent = this.getAgent(name);
    if (!agent.enabled) return { status: 'skipped', reason: 'disabled' };
    return this.pipeline.probe(agent, options.signal);
  }

  /**
   * A2A `ListTasks` for one agent, answered from what this gateway recorded of the tasks it relayed (the
   * agent is not asked: no rate-limit token, no metrics record). A caller sees only its own tasks; without
   * a `callerId` (library use), every task of the agent. Newest first by when the gateway last saw each
   * task, paged by an opaque keyset token: tasks that arrive meanwhile do not shift the pages (a task seen
   * again meanwhile moves to the front, as any list ordered by update time does).
   * `pageSize` in the answer is the page size used (the request's, else 50); `totalSize` counts every
   * match. Bad input (including a page token this gateway did not issue) is INVALID_REQUEST naming the field.
   */
  async listTasks(
    name: string,
    request: ListTasksRequest,
    options: CallOptions = {},
  ): Promise<ListTasksResponse> {
    const query = this.ledger.listQuery(request);
    return this.ledger.list(this.getAgent(name), query, options.callerId);
  }

  /** Tasks this gateway has seen, across agents, newest first (the records, not A2A tasks). */
  async listTaskRecords(query: TaskQuery): Promise<TaskRecord[]> {
    return this.ledger.records(query);
  }

  stats(): GatewayStats {
    return this.metering.stats(this.registry.list(), (name) => this.agentState(name));
  }

  /** Forget the counters behind `stats()` — of one agent, or of all. */
  resetStats(name?: string): void {
    this.metering.reset(name ? this.getAgent(name).name : undefined);
  }

  /**
   * A front door refused a call to `nameOrSlug` before it reached the gateway (`unauthorized`: the caller's
   * credentials or role): recorded like the gateway's own refusals, so that every call a caller made is
   * counted. A name the catalog does not know records nothing (there is no agent to count it against).
   */
  refused(
    nameOrSlug: string,
    operation: Operation,
    outcome: InvocationOutcome,
    options: CallOptions = {},
  ): void {
    const agent = this.registry.get(nameOrSlug);
    if (agent) this.pipeline.refuse({ agent, operation, options }, undefined, outcome);
  }

  /**
   * Shutdown's deadline has come: calls still open are about to be cut (their callers' connections closed),
   * and are recorded with the outcome `shutdown` rather than as callers who left.
   */
  cutAtShutdown(): void {
    this.pipeline.cutAtShutdown();
  }

  /** Resolves true once every call started has been recorded (false if some are still open after `timeoutMs`). */
  settled(timeoutMs: number): Promise<boolean> {
    return this.pipeline.settled(timeoutMs);
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  /**
   * The agent a call is for. A disabled agent refuses calls (recorded as `rejected`); task reads and cancels
   * of a disabled agent are allowed, the task may predate the switch.
   */
  private resolve(
    name: string,
    operation: Operation,
    options: CallOptions,
    allowDisabled = false,
  ): AgentSpec {
    const agent = this.registry.get(name);
    if (!agent) throw A2AError.agentNotFound(name);
    if (!agent.enabled && !allowDisabled) {
      const error = A2AError.agentDisabled(agent.name);
      this.pipeline.refuse({ agent, operation, options }, error);
      throw error;
    }
    return agent;
  }
}

/** The SendMessage request of a send's input, with the options' context and task ids. */
function requestOf(
  input: SendMessageRequest | Message | A2AMessage,
  options: SendOptions,
): SendMessageRequest {
  const request =
    input instanceof A2AMessage ? input.request : 'message' in input ? input : { message: input };
  if (!options.contextId && !options.taskId) return request;
  return {
    ...request,
    message: {
      ...request.message,
      ...(options.contextId ? { contextId: options.contextId } : {}),
      ...(options.taskId ? { taskId: options.taskId } : {}),
    },
  };
}
