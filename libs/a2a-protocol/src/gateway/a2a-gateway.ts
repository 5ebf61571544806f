import { A2AError, A2AErrorCode } from '../errors/a2a-error';
import type { AdapterContext, ProviderAdapter, TokenUsage } from '../adapters/provider-adapter';
import type { ConversationStore } from '../adapters/conversation';
import { createProviderAdapters } from '../adapters/all-adapters';
import type { AgentProvider } from '../adapters/providers';
import { OutboundHttp } from '../net/outbound-http';
import { OutboundPolicy } from '../net/outbound-policy';
import {
  isSettledState,
  ListTasksRequestSchema,
  TASK_STATE_UNSPECIFIED,
  type AgentCard,
  type ListTasksRequest,
  type ListTasksResponse,
  type Message,
  type SendMessageRequest,
  type SendMessageResponse,
  type Part,
  type StreamEvent,
  type Task,
  type TaskStatus,
} from '../types/a2a.schemas';
import type { AgentSpec } from './agent-config';
import { CircuitBreaker, DEFAULT_BREAKER, type CircuitBreakerOptions } from './circuit-breaker';
import {
  InMemoryAgentRegistry,
  InMemoryConversationStore,
  InMemoryHealthStore,
  InMemoryRateLimitStore,
  InMemorySpendStore,
  InMemoryTaskStore,
  periodEnd,
  NoopMetricsSink,
} from './in-memory';
import { A2AMessage, userMessage } from './messages';
import {
  AgentState,
  isAvailable,
  type AgentRegistry,
  type HealthStore,
  type MetricsSink,
  type FrontDoor,
  type InvocationRecord,
  type Operation,
  type RateLimitStore,
  type SpendStore,
  type TaskFilter,
  type TaskQuery,
  type TaskRecord,
  type TaskStore,
} from './ports';
import { DEFAULT_TASK_PAGE_SIZE, decodePageToken, encodePageToken, toListedTask } from './task-list';
import { snapshotOfTask, StreamTaskSnapshot, type TaskSnapshot } from './task-snapshot';
import { backoffDelay, DEFAULT_RETRY, sleep, type RetryOptions } from './retry';
import {
  upstreamTimer,
  type CallTiming,
  type CallTrace,
  type CallTracer,
  type TraceContext,
} from './tracing';

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

/** Seed 001's `A2AGatewayConfig`: options plus the agents to register. */
export interface A2AGatewayConfig extends A2AGatewayOptions {
  agents?: AgentSpec[];
}

/** Who is calling, through which door, and how long they will wait. */
export interface CallOptions {
  /** Owner of the tasks this call creates or touches; another caller cannot see them. */
  callerId?: string;
  signal?: AbortSignal;
  /** Recorded with the call's metrics: how it came in, and seed 000's interaction type if any. */
  frontDoor?: FrontDoor;
  interactionType?: string;
  /** The caller's W3C trace context: with a tracer, the call's span is its child. */
  traceContext?: TraceContext;
  /** Filled in with the time the call spent waiting on the agent (see CallTiming). */
  timing?: CallTiming;
}

export interface SendOptions extends CallOptions {
  contextId?: string;
  taskId?: string;
}

/** What one health probe found. A skipped probe sent nothing and changed nothing. */
export type ProbeResult =
  | { status: 'ok'; latencyMs: number }
  | { status: 'failed'; latencyMs: number; error: A2AError }
  | { status: 'skipped'; reason: 'disabled' | 'circuit-open' };

export interface GatewayStats {
  registry: {
    totalAgents: number;
    enabledAgents: number;
    healthyAgents: number;
    totalInvocations: number;
    failedInvocations: number;
    totalCost: number;
  };
  agents: Record<string, AgentCounters & { state: AgentState }>;
}

/** Calls, failures, cost and provider-reported tokens of one agent since this gateway started. */
export interface AgentCounters {
  invocations: number;
  failures: number;
  cost: number;
  inputTokens: number;
  outputTokens: number;
}
const NO_CALLS: AgentCounters = { invocations: 0, failures: 0, cost: 0, inputTokens: 0, outputTokens: 0 };

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** Errors that say the agent (not the caller or our config) is in trouble: they move the breaker. */
function countsAgainstAgent(error: A2AError): boolean {
  switch (error.code) {
    case A2AErrorCode.Timeout:
    case A2AErrorCode.ConnectionError:
    case A2AErrorCode.ProtocolError:
    case A2AErrorCode.ResponseTooLarge:
      return true;
    case A2AErrorCode.UpstreamError:
      return (error.details.status ?? 500) >= 500;
    default:
      return false;
  }
}

/** A failed task is an answer, but says the agent could not do its job: a reason for Degraded, not to open the circuit. */
/** Characters of text in some parts (what a token estimate is made from). */
const textChars = (parts: readonly Part[] | undefined) =>
  (parts ?? []).reduce((n, p) => n + ('text' in p ? p.text.length : 0), 0);
const tokensOf = (chars: number) => Math.ceil(chars / 4);

/** Text characters an event adds to the answer. */
function eventChars(event: StreamEvent): number {
  if ('artifactUpdate' in event) return textChars(event.artifactUpdate.artifact.parts);
  if ('message' in event) return textChars(event.message.parts);
  if ('task' in event) return (event.task.artifacts ?? []).reduce((n, a) => n + textChars(a.parts), 0);
  return 0;
}

function failedTaskProblem(taskId: string, status: TaskStatus): string | undefined {
  if (status.state !== 'TASK_STATE_FAILED') return undefined;
  const text = (status.message?.parts ?? [])
    .map((p) => ('text' in p ? p.text : ''))
    .join(' ')
    .trim();
  return `Task ${taskId} failed` + (text ? `: ${text.slice(0, 200)}` : '');
}

/** Anything thrown below the gateway, as an A2AError (the first one in the cause chain, else a protocol error). */
export function toA2AError(error: unknown, agentName: string): A2AError {
  for (let e: unknown = error, i = 0; e && i < 6; e = (e as { cause?: unknown }).cause, i++) {
    if (e instanceof A2AError) return e;
  }
  const message = error instanceof Error ? error.message : String(error);
  return new A2AError(
    A2AErrorCode.ProtocolError,
    `Agent "${agentName}" answered something the gateway cannot read: ${message}`,
    {
      agentName,
    },
  );
}

/** What ended an attempt: the adapter's error, or why its signal aborted (timeout, caller gone) if it threw something else. */
function attemptError(thrown: unknown, signal: AbortSignal, agentName: string): A2AError {
  return toA2AError(signal.aborted && !A2AError.is(thrown) ? signal.reason : thrown, agentName);
}

/**
 * The gateway core: one pipeline for every call to every agent, whichever front door it came through.
 * resolve → enabled → rate limit → circuit breaker → adapter (timeout, retries with backoff) → record.
 * Usable on its own in a plain Node script; the API wires its ports to Postgres and Redis.
 */
export class A2AGateway {
  readonly registry: AgentRegistry;
  readonly http: OutboundHttp;
  private readonly rateLimits: RateLimitStore;
  private readonly health: HealthStore;
  private readonly metrics: MetricsSink;
  private readonly tasks: TaskStore;
  private readonly conversations: ConversationStore;
  readonly spend: SpendStore;
  private readonly breaker: CircuitBreaker;
  private readonly retry: RetryOptions;
  private readonly adapters = new Map<AgentProvider, ProviderAdapter>();
  private readonly now: () => number;
  private readonly counters = new Map<string, AgentCounters>();
  private readonly tracer?: CallTracer;

  constructor(options: A2AGatewayOptions = {}) {
    this.registry = options.registry ?? new InMemoryAgentRegistry();
    this.rateLimits = options.rateLimits ?? new InMemoryRateLimitStore();
    this.health = options.health ?? new InMemoryHealthStore();
    this.metrics = options.metrics ?? new NoopMetricsSink();
    this.tasks = options.tasks ?? new InMemoryTaskStore();
    this.conversations = options.conversations ?? new InMemoryConversationStore();
    this.spend = options.spend ?? new InMemorySpendStore();
    this.breaker = new CircuitBreaker(this.health, { ...DEFAULT_BREAKER, ...options.breaker });
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.now = options.now ?? Date.now;
    this.tracer = options.tracer;
    this.http =
      options.http ??
      new OutboundHttp({
        policy: new OutboundPolicy(options.allowPrivateNetworks ?? false),
        maxResponseBytes: options.maxResponseBytes,
      });
    for (const adapter of options.adapters ?? createProviderAdapters())
      this.adapters.set(adapter.provider, adapter);
  }

  static fromConfig(config: A2AGatewayConfig): A2AGateway {
    const gateway = new A2AGateway(config);
    for (const agent of config.agents ?? []) gateway.registerAgent(agent);
    return gateway;
  }

  // ---- registry ------------------------------------------------------------------------------------

  /** Add or replace an agent. Its URL is checked against the SSRF policy on every call, not here. */
  registerAgent(agent: AgentSpec): void {
    this.adapters.get(agent.provider)?.forget?.(agent.name);
    this.registry.register(agent);
  }

  unregisterAgent(name: string): boolean {
    const agent = this.registry.get(name);
    if (!agent) return false;
    this.adapters.get(agent.provider)?.forget?.(agent.name);
    this.health.delete(agent.name);
    this.counters.delete(agent.name);
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

  /** Seed 001's `send_message(name, text)`. */
  sendMessage(name: string, text: string, options: SendOptions = {}): Promise<SendMessageResponse> {
    return this.send(name, { message: userMessage(text) }, options);
  }

  /** Send a full message (any parts) or SendMessage request; answers the agent's Task or Message. */
  async send(
    name: string,
    input: SendMessageRequest | Message | A2AMessage,
    options: SendOptions = {},
  ): Promise<SendMessageResponse> {
    const request = this.requestOf(input, options);
    const agent = this.resolve(name);
    await this.assertTaskAccess(agent, request.message.taskId, options.callerId);
    const result = await this.call(
      agent,
      'send',
      options,
      (adapter, ctx) => adapter.send(ctx, request),
      true,
      (r) => ('task' in r ? failedTaskProblem(r.task.id, r.task.status) : undefined),
      (r) => ({
        inputTokens: tokensOf(textChars(request.message.parts)),
        outputTokens: tokensOf('task' in r ? eventChars(r) : textChars(r.message.parts)),
        estimated: true,
      }),
    );
    if ('task' in result) this.observe(agent, snapshotOfTask(result.task), options.callerId);
    return result;
  }

  /** Stream the agent's events for a new message; the stream ends when the task settles. */
  sendMessageStream(
    name: string,
    input: SendMessageRequest | Message | A2AMessage | string,
    options: SendOptions = {},
  ): AsyncIterable<StreamEvent> {
    const request = this.requestOf(typeof input === 'string' ? userMessage(input) : input, options);
    const agent = this.resolve(name);
    return this.streamCall(
      agent,
      'stream',
      options,
      (adapter, ctx) => adapter.stream(ctx, request),
      request.message.taskId,
      textChars(request.message.parts),
    );
  }

  async getTask(
    name: string,
    taskId: string,
    options: CallOptions & { historyLength?: number } = {},
  ): Promise<Task> {
    const agent = this.resolve(name, true);
    await this.assertTaskAccess(agent, taskId, options.callerId);
    const task = await this.call(
      agent,
      'getTask',
      options,
      (adapter, ctx) => adapter.getTask(ctx, taskId, options.historyLength),
      true,
    );
    this.observe(agent, snapshotOfTask(task), options.callerId);
    return task;
  }

  async cancelTask(name: string, taskId: string, options: CallOptions = {}): Promise<Task> {
    const agent = this.resolve(name, true);
    await this.assertTaskAccess(agent, taskId, options.callerId);
    const task = await this.call(
      agent,
      'cancelTask',
      options,
      (adapter, ctx) => adapter.cancelTask(ctx, taskId),
      false,
    );
    this.observe(agent, snapshotOfTask(task), options.callerId);
    return task;
  }

  /** Re-attach to a running task's event stream (A2A `SubscribeToTask`). */
  subscribeToTask(name: string, taskId: string, options: CallOptions = {}): AsyncIterable<StreamEvent> {
    const agent = this.resolve(name, true);
    return this.streamCall(
      agent,
      'subscribe',
      options,
      (adapter, ctx) => adapter.subscribe(ctx, taskId),
      taskId,
    );
  }

  /** Poll until the task completes, fails, is canceled/rejected or needs input (seed 001's `wait_for_task`). */
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
        throw new A2AError(A2AErrorCode.Canceled, `The caller stopped waiting for task ${taskId}`, {
          agentName: name,
          taskId,
        });
      }
    }
  }

  /** The agent's card (v1.0 shape), through the pipeline. */
  async agentCard(name: string, options: CallOptions = {}): Promise<AgentCard> {
    const agent = this.resolve(name, true);
    return this.call(agent, 'card', options, (adapter, ctx) => adapter.card(ctx), true);
  }

  /**
   * One active health check of an agent, reported to its health like a call (not counted as one: no
   * metrics record, no rate-limit token, no retries). Bounded by the agent's timeout. Asks the adapter's
   * `healthCheck` (A2A: the card, read again), else checks that the agent's URL answers HTTP. An open circuit
   * skips it; once the cooldown is over the probe is the half-open trial.
   */
  async probe(name: string, options: { signal?: AbortSignal } = {}): Promise<ProbeResult> {
    const agent = this.getAgent(name);
    if (!agent.enabled) return { status: 'skipped', reason: 'disabled' };
    const adapter = this.adapterFor(agent);
    const startedAt = this.now();
    const admission = this.breaker.admit(agent.name, startedAt);
    if (!admission.admitted) return { status: 'skipped', reason: 'circuit-open' };
    const scope = this.attemptSignal(agent, options.signal);
    const ctx = this.context(agent, scope.signal, {}, {}, undefined);
    try {
      await (adapter.healthCheck ? adapter.healthCheck(ctx) : this.reachable(ctx));
      const now = this.now();
      this.breaker.onSuccess(agent.name, now - startedAt, now);
      return { status: 'ok', latencyMs: now - startedAt };
    } catch (thrown) {
      const error = attemptError(thrown, scope.signal, agent.name);
      const now = this.now();
      if (countsAgainstAgent(error)) this.breaker.onFailure(agent.name, error.message, now);
      else if (admission.trial) this.breaker.releaseTrial(agent.name);
      return { status: 'failed', latencyMs: now - startedAt, error };
    } finally {
      scope.dispose();
    }
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
    const parsed = ListTasksRequestSchema.safeParse(request);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue.path.join('.');
      throw new A2AError(A2AErrorCode.InvalidRequest, `${field}: ${issue.message}`, { field });
    }
    const params = parsed.data;
    const after = params.pageToken ? decodePageToken(params.pageToken) : undefined;
    if (params.pageToken && !after) {
      throw new A2AError(A2AErrorCode.InvalidRequest, 'pageToken: not a page token from this list', {
        field: 'pageToken',
      });
    }
    const agent = this.resolve(name, true);
    const pageSize = params.pageSize ?? DEFAULT_TASK_PAGE_SIZE;
    const filter: TaskFilter = {
      agentName: agent.name,
      ownerId: options.callerId,
      contextId: params.contextId || undefined,
      state: params.status === TASK_STATE_UNSPECIFIED ? undefined : params.status,
      updatedSince: params.statusTimestampAfter ? Date.parse(params.statusTimestampAfter) : undefined,
    };
    const [records, totalSize] = await Promise.all([
      // One more than a page: whether there is a next one.
      this.tasks.list({
        ...filter,
        after,
        limit: pageSize + 1,
        includeArtifacts: params.includeArtifacts === true,
        includeHistory: params.historyLength !== 0,
      }),
      this.tasks.count(filter),
    ]);
    const page = records.slice(0, pageSize);
    const last = page[page.length - 1];
    return {
      tasks: page.map((record) => toListedTask(record, params)),
      nextPageToken: records.length > pageSize ? encodePageToken(last) : '',
      pageSize,
      totalSize,
    };
  }

  /** Tasks this gateway has seen, across agents, newest first (the records, not A2A tasks). */
  async listTaskRecords(query: TaskQuery): Promise<TaskRecord[]> {
    return this.tasks.list(query);
  }

  stats(): GatewayStats {
    const agents = this.registry.list();
    const perAgent: GatewayStats['agents'] = {};
    let totalInvocations = 0;
    let failedInvocations = 0;
    let totalCost = 0;
    for (const agent of agents) {
      const c = this.counters.get(agent.name) ?? { ...NO_CALLS };
      perAgent[agent.name] = {
        ...c,
        cost: Math.round(c.cost * 1e6) / 1e6,
        state: this.agentState(agent.name),
      };
      totalInvocations += c.invocations;
      failedInvocations += c.failures;
      totalCost += c.cost;
    }
    return {
      registry: {
        totalAgents: agents.length,
        enabledAgents: agents.filter((a) => a.enabled).length,
        healthyAgents: Object.values(perAgent).filter((a) => a.state === AgentState.Healthy).length,
        totalInvocations,
        failedInvocations,
        totalCost: Math.round(totalCost * 1e6) / 1e6,
      },
      agents: perAgent,
    };
  }

  /** Forget the counters behind `stats()` — of one agent, or of all. */
  resetStats(name?: string): void {
    if (name) this.counters.delete(this.getAgent(name).name);
    else this.counters.clear();
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  // ---- the pipeline --------------------------------------------------------------------------------

  private requestOf(
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

  /** Task reads/cancels of a disabled agent are allowed: the task may predate the switch. */
  private resolve(name: string, allowDisabled = false): AgentSpec {
    const agent = this.registry.get(name);
    if (!agent) throw A2AError.agentNotFound(name);
    if (!agent.enabled && !allowDisabled) throw A2AError.agentDisabled(agent.name);
    return agent;
  }

  private adapterFor(agent: AgentSpec): ProviderAdapter {
    const adapter = this.adapters.get(agent.provider);
    if (!adapter) {
      throw new A2AError(
        A2AErrorCode.UnsupportedOperation,
        `No adapter for provider "${agent.provider}" (agent "${agent.name}")`,
        {
          agentName: agent.name,
        },
      );
    }
    return adapter;
  }

  /** Rate limit and circuit breaker: the checks before any byte goes out. */
  private async admit(agent: AgentSpec, now: number): Promise<{ trial: boolean }> {
    if (agent.rateLimitRpm) {
      const decision = await this.rateLimits.take(agent.name, agent.rateLimitRpm, now);
      if (!decision.allowed) throw A2AError.rateLimited(agent.name, decision.retryAfterMs);
    }
    if (agent.budget) this.checkBudget(agent, now);
    const admission = this.breaker.admit(agent.name, now);
    if (!admission.admitted) {
      throw new A2AError(
        A2AErrorCode.AgentUnavailable,
        `Agent "${agent.name}" is failing; the gateway pauses calls to it for ${Math.ceil(admission.retryAfterMs / 1000)} s`,
        { agentName: agent.name, retryAfterMs: admission.retryAfterMs },
      );
    }
    return { trial: admission.trial };
  }

  private checkBudget(agent: AgentSpec, now: number) {
    for (const period of ['day', 'month'] as const) {
      const limit = period === 'day' ? agent.budget?.perDay : agent.budget?.perMonth;
      if (limit === undefined || limit === null) continue;
      const spent = this.spend.spent(agent.name, period, now);
      if (spent >= limit) {
        throw new A2AError(
          A2AErrorCode.BudgetExceeded,
          `Agent "${agent.name}" has used its budget for the ${period} (${round6(spent)} of ${limit})`,
          {
            agentName: agent.name,
            period,
            spent: round6(spent),
            limit,
            retryAfterMs: periodEnd(period, now) - now,
          },
        );
      }
    }
  }

  /** What a successful call cost: the per-request price plus the provider-reported tokens at their prices. */
  private costOf(agent: AgentSpec, operation: Operation, usage?: TokenUsage): number {
    if (operation !== 'send' && operation !== 'stream') return 0;
    const tokens =
      usage && agent.pricing
        ? (usage.inputTokens * agent.pricing.inputPerMillion +
            usage.outputTokens * agent.pricing.outputPerMillion) /
          1_000_000
        : 0;
    return (agent.costPerRequest ?? 0) + tokens;
  }

  /** An abort signal for one attempt: the caller's signal, plus a timer that aborts with TIMEOUT. */
  private attemptSignal(agent: AgentSpec, caller?: AbortSignal) {
    const controller = new AbortController();
    const timeout = () => controller.abort(A2AError.timeout(agent.name, agent.timeoutMs));
    const timer = setTimeout(timeout, agent.timeoutMs);
    const onCallerAbort = () =>
      controller.abort(
        new A2AError(A2AErrorCode.Canceled, `The caller canceled the call to "${agent.name}"`, {
          agentName: agent.name,
        }),
      );
    if (caller?.aborted) onCallerAbort();
    else caller?.addEventListener('abort', onCallerAbort, { once: true });
    return {
      signal: controller.signal,
      /** Streams: restart the idle timer on every event (the same timer, rescheduled). */
      touch() {
        timer.refresh();
      },
      abort(reason: unknown) {
        controller.abort(reason);
      },
      dispose() {
        clearTimeout(timer);
        caller?.removeEventListener('abort', onCallerAbort);
      },
    };
  }

  private context(
    agent: AgentSpec,
    signal: AbortSignal,
    options: CallOptions,
    usage: { value?: TokenUsage },
    trace: CallTrace | undefined,
  ): AdapterContext {
    return {
      agent,
      signal,
      fetch: this.http.fetchFor(agent, trace?.headers),
      callerId: options.callerId ?? null,
      conversations: this.conversations,
      reportUsage: (reported) => {
        const sum = usage.value;
        usage.value = sum
          ? {
              ...sum,
              inputTokens: sum.inputTokens + reported.inputTokens,
              outputTokens: sum.outputTokens + reported.outputTokens,
            }
          : { ...reported };
      },
    };
  }

  /** The pause before a retry; a caller who leaves meanwhile ends the call as CANCELED. */
  private async backoff(
    agent: AgentSpec,
    attempt: number,
    error: A2AError,
    options: CallOptions,
    trace: CallTrace | undefined,
  ): Promise<void> {
    const delay = backoffDelay(attempt, this.retry);
    trace?.retry(attempt + 1, error, delay);
    const waited = upstreamTimer(options.timing);
    try {
      await sleep(delay, options.signal);
    } catch {
      throw this.canceled(agent);
    } finally {
      waited();
    }
  }

  private canceled(agent: AgentSpec): A2AError {
    return new A2AError(A2AErrorCode.Canceled, `The caller canceled the call to "${agent.name}"`, {
      agentName: agent.name,
    });
  }

  private retryable(error: A2AError, attempt: number, caller?: AbortSignal): boolean {
    return error.details.retryable === true && attempt < this.retry.maxRetries && !caller?.aborted;
  }

  /** The probe of an adapter without one: the agent's URL answers HTTP (any status the fetch lets through). */
  private async reachable(ctx: AdapterContext): Promise<void> {
    const response = await ctx.fetch(ctx.agent.url, { method: 'GET', signal: ctx.signal });
    await response.body?.cancel();
  }

  /** `problemOf` tells an answer that is itself a failure (a failed task) for the agent's health. */
  private async call<T>(
    agent: AgentSpec,
    operation: Operation,
    options: CallOptions,
    run: (adapter: ProviderAdapter, ctx: AdapterContext) => Promise<T>,
    retryable: boolean,
    problemOf?: (result: T) => string | undefined,
    /** Tokens counted from the text, for priced agents whose provider reports none. */
    estimateOf?: (result: T) => TokenUsage,
  ): Promise<T> {
    const adapter = this.adapterFor(agent);
    const startedAt = this.now();
    const { trial } = await this.admit(agent, startedAt);
    const trace = this.startTrace(agent, operation, options);
    for (let attempt = 0; ; attempt++) {
      const scope = this.attemptSignal(agent, options.signal);
      const usage: { value?: TokenUsage } = {};
      const waited = upstreamTimer(options.timing);
      try {
        const result = await run(adapter, this.context(agent, scope.signal, options, usage, trace));
        waited();
        this.succeeded(agent, operation, options, startedAt, attempt + 1, {
          usage: usage.value ?? (agent.pricing ? estimateOf?.(result) : undefined),
          problem: problemOf?.(result),
          trace,
        });
        return result;
      } catch (thrown) {
        waited();
        let error = attemptError(thrown, scope.signal, agent.name);
        scope.dispose();
        if (retryable && this.retryable(error, attempt, options.signal)) {
          try {
            await this.backoff(agent, attempt, error, options, trace);
            continue;
          } catch (canceled) {
            error = canceled as A2AError;
          }
        }
        this.failed(agent, operation, options, startedAt, attempt + 1, error, trial, trace);
        throw error;
      } finally {
        scope.dispose();
      }
    }
  }

  /** Streams retry only until the first event arrives; after that the agent may have acted. */
  private streamCall(
    agent: AgentSpec,
    operation: Operation,
    options: CallOptions,
    open: (adapter: ProviderAdapter, ctx: AdapterContext) => AsyncIterable<StreamEvent>,
    taskId: string | undefined,
    /** Characters of text sent, for a token estimate when the provider reports none. */
    inputChars = 0,
  ): AsyncIterable<StreamEvent> {
    return {
      [Symbol.asyncIterator]: () => this.streamEvents(agent, operation, options, open, taskId, inputChars),
    };
  }

  private async *streamEvents(
    agent: AgentSpec,
    operation: Operation,
    options: CallOptions,
    open: (adapter: ProviderAdapter, ctx: AdapterContext) => AsyncIterable<StreamEvent>,
    taskId: string | undefined,
    inputChars: number,
  ): AsyncGenerator<StreamEvent> {
    const adapter = this.adapterFor(agent);
    await this.assertTaskAccess(agent, taskId, options.callerId);
    const startedAt = this.now();
    const { trial } = await this.admit(agent, startedAt);
    const trace = this.startTrace(agent, operation, options);
    const snapshot = new StreamTaskSnapshot();
    let recorded = false;
    const fail = (error: A2AError, attempts: number) => {
      recorded = true;
      this.failed(agent, operation, options, startedAt, attempts, error, trial, trace);
      return error;
    };
    for (let attempt = 0; ; attempt++) {
      const scope = this.attemptSignal(agent, options.signal);
      const usage: { value?: TokenUsage } = {};
      let delivered = 0;
      let problem: string | undefined;
      let firstEventMs: number | undefined;
      let outputChars = 0;
      /** The agent's stream ended by itself: its request is over, nothing left to close. */
      let drained = false;
      // Upstream time is the wait for each event, not the time the consumer takes with it.
      let waited = upstreamTimer(options.timing);
      try {
        for await (const event of open(adapter, this.context(agent, scope.signal, options, usage, trace))) {
          waited();
          scope.touch();
          if (delivered++ === 0) firstEventMs = this.now() - startedAt;
          outputChars += eventChars(event);
          const seen = snapshot.apply(event);
          if (seen) this.observe(agent, seen, options.callerId);
          if ('task' in event) problem = failedTaskProblem(event.task.id, event.task.status);
          else if ('statusUpdate' in event)
            problem = failedTaskProblem(event.statusUpdate.taskId, event.statusUpdate.status);
          yield event;
          waited = upstreamTimer(options.timing);
        }
        drained = true;
        waited();
        recorded = true;
        // A stream is as slow as its first event: a long one is not a slow agent.
        this.succeeded(agent, operation, options, startedAt, attempt + 1, {
          usage:
            usage.value ??
            (agent.pricing && operation === 'stream'
              ? { inputTokens: tokensOf(inputChars), outputTokens: tokensOf(outputChars), estimated: true }
              : undefined),
          problem,
          latencyMs: firstEventMs,
          trace,
        });
        return;
      } catch (thrown) {
        waited();
        let error = attemptError(thrown, scope.signal, agent.name);
        scope.dispose();
        if (delivered === 0 && this.retryable(error, attempt, options.signal)) {
          try {
            await this.backoff(agent, attempt, error, options, trace);
            continue;
          } catch (canceled) {
            error = canceled as A2AError;
          }
        }
        throw fail(error, attempt + 1);
      } finally {
        // The consumer stopped early (client disconnect) or the attempt failed: close the upstream request
        // too, and count it. A drained stream has nothing to close (and an error built per call costs).
        if (!drained && !scope.signal.aborted) {
          scope.abort(
            new A2AError(A2AErrorCode.Canceled, 'Stream closed by the caller', { agentName: agent.name }),
          );
        }
        scope.dispose();
        if (!recorded && delivered > 0) fail(this.canceled(agent), attempt + 1);
      }
    }
  }

  private startTrace(agent: AgentSpec, operation: Operation, options: CallOptions): CallTrace | undefined {
    return this.tracer?.start({
      agent,
      operation,
      frontDoor: options.frontDoor ?? 'library',
      ...(options.traceContext ? { parent: options.traceContext } : {}),
    });
  }

  /**
   * A finished call's metrics record: who, where and how, then the outcome. One object literal with every
   * field present (undefined where it does not apply), so that every record has the same hidden class.
   * Spread from a base and then extended (`{ ...base, ok, cost }`), each record got a hidden class of its
   * own (Node 20's V8 makes a new one for every such literal): ~2.3 µs a record, and every sink reading it
   * (the metrics row, Prometheus, tracing) read its fields the slow, megamorphic way.
   */
  private recordOf(
    agent: AgentSpec,
    operation: Operation,
    options: CallOptions,
    startedAt: number,
    attempts: number,
    outcome: Pick<InvocationRecord, 'ok' | 'cost' | 'errorCode' | 'upstreamStatus' | 'usage'>,
  ): InvocationRecord {
    return {
      agentName: agent.name,
      agentId: agent.id || undefined,
      operation,
      callerId: options.callerId ?? null,
      frontDoor: options.frontDoor ?? 'library',
      interactionType: options.interactionType || undefined,
      startedAt,
      durationMs: this.now() - startedAt,
      ok: outcome.ok,
      errorCode: outcome.errorCode,
      upstreamStatus: outcome.upstreamStatus,
      cost: outcome.cost,
      attempts,
      usage: outcome.usage,
    };
  }

  private succeeded(
    agent: AgentSpec,
    operation: Operation,
    options: CallOptions,
    startedAt: number,
    attempts: number,
    /** `problem`: the answer is a failure (a failed task); `latencyMs`: how slow the agent was, if not the whole call. */
    {
      usage,
      problem,
      latencyMs,
      trace,
    }: { usage?: TokenUsage; problem?: string; latencyMs?: number; trace?: CallTrace } = {},
  ) {
    const now = this.now();
    const cost = this.costOf(agent, operation, usage);
    if (cost > 0) this.spend.add(agent.name, cost, now);
    this.breaker.onSuccess(agent.name, latencyMs ?? now - startedAt, now, problem);
    this.count(agent.name, false, cost, usage);
    const record = this.recordOf(agent, operation, options, startedAt, attempts, { ok: true, cost, usage });
    this.metrics.record(record);
    trace?.end(record);
  }

  private failed(
    agent: AgentSpec,
    operation: Operation,
    options: CallOptions,
    startedAt: number,
    attempts: number,
    error: A2AError,
    trial: boolean,
    trace: CallTrace | undefined,
  ) {
    const now = this.now();
    if (countsAgainstAgent(error)) this.breaker.onFailure(agent.name, error.message, now);
    // A half-open trial that ended for a reason that says nothing about the agent frees the slot.
    else if (trial) this.breaker.releaseTrial(agent.name);
    this.count(agent.name, true, 0);
    const record = this.recordOf(agent, operation, options, startedAt, attempts, {
      ok: false,
      errorCode: error.code,
      upstreamStatus: typeof error.details.status === 'number' ? error.details.status : undefined,
      cost: 0,
    });
    this.metrics.record(record);
    trace?.end(record, error);
  }

  private count(agentName: string, failed: boolean, cost: number, usage?: TokenUsage) {
    const c = this.counters.get(agentName) ?? { ...NO_CALLS };
    c.invocations++;
    if (failed) c.failures++;
    c.cost += cost;
    if (usage) {
      c.inputTokens += usage.inputTokens;
      c.outputTokens += usage.outputTokens;
    }
    this.counters.set(agentName, c);
  }

  // ---- tasks ---------------------------------------------------------------------------------------

  /** Every field present (undefined where not known), so that every record has one shape. */
  private observe(agent: AgentSpec, snapshot: TaskSnapshot, callerId?: string) {
    const now = this.now();
    this.tasks.upsert({
      agentName: agent.name,
      taskId: snapshot.taskId,
      contextId: snapshot.contextId,
      state: snapshot.state,
      ownerId: callerId ?? null,
      createdAt: now,
      updatedAt: now,
      statusTimestamp: snapshot.statusTimestamp,
      statusMessage: snapshot.statusMessage,
      artifacts: snapshot.artifacts,
      history: snapshot.history,
    });
  }

  /** A caller only sees the tasks it created; others look like tasks that do not exist. */
  private async assertTaskAccess(agent: AgentSpec, taskId: string | undefined, callerId: string | undefined) {
    if (!taskId || callerId === undefined) return;
    const record = await this.tasks.get(agent.name, taskId);
    if (!record || record.ownerId !== callerId) {
      throw new A2AError(A2AErrorCode.TaskNotFound, `No task ${taskId} for agent "${agent.name}"`, {
        agentName: agent.name,
        taskId,
      });
    }
  }
}
