import type { A2AErrorCode } from '../errors/a2a-error';
import type { Artifact, Message, TaskState } from '../types/a2a.schemas';
import type { TokenUsage } from '../adapters/provider-adapter';
import type { AgentSpec } from './agent-config';

/** The agent states of litellm-rs's A2A gateway library. */
export enum AgentState {
  Unknown = 'unknown',
  Healthy = 'healthy',
  Degraded = 'degraded',
  Unhealthy = 'unhealthy',
  Disabled = 'disabled',
}

/** Where the gateway finds agents. In-memory by default; the API keeps its catalog cache here. */
export interface AgentRegistry {
  /** By name or slug. Called on every invocation: keep it a map lookup. */
  get(nameOrSlug: string): AgentSpec | undefined;
  list(): AgentSpec[];
  register(agent: AgentSpec): void;
  unregister(name: string): boolean;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/** Per-agent request budget (requests per minute). In-memory by default, Redis across replicas. */
export interface RateLimitStore {
  /** A shared store answers asynchronously; the in-memory one at once (no promise on the hot path). */
  take(key: string, perMinute: number, now: number): RateDecision | Promise<RateDecision>;
}

export interface AgentHealth {
  state: AgentState;
  consecutiveFailures: number;
  /** Good answers (fast, not a failed task) in a row; a Degraded or Unhealthy agent needs a few to be Healthy. */
  consecutiveSuccesses: number;
  /** While set and in the future, the circuit is open and calls are refused. */
  openUntil: number | null;
  /** Set while the one half-open trial call is in flight. */
  trialStartedAt: number | null;
  lastLatencyMs: number | null;
  lastError: string | null;
  /** When a call or a probe last said something about the agent. */
  updatedAt: number | null;
}

/**
 * litellm-rs's `list_available_agents` rule, for an enabled agent: not Unhealthy (or Disabled) and its
 * circuit not open. An Unhealthy agent whose cooldown is over stays out until a trial call (or probe) succeeds.
 */
export function isAvailable(health: AgentHealth, now: number): boolean {
  return (
    health.state !== AgentState.Unhealthy &&
    health.state !== AgentState.Disabled &&
    (health.openUntil === null || health.openUntil <= now)
  );
}

export interface HealthStore {
  get(agentName: string): AgentHealth;
  set(agentName: string, health: AgentHealth): void;
  delete(agentName: string): void;
}

export type Operation = 'send' | 'stream' | 'getTask' | 'cancelTask' | 'subscribe' | 'card';

/** How a call reached the gateway: REST, the A2A proxy, an MCP tool, or the library API directly. */
export type FrontDoor = 'rest' | 'a2a' | 'mcp' | 'library';

/**
 * How a call ended, as its caller saw it. `success` and `failure` are calls the agent was asked (or
 * attempted); `canceled` the caller left, `shutdown` the call was cut at the shutdown deadline. The rest are
 * calls the gateway refused before any byte went to the agent: `rate_limited` (the agent's rateLimitRpm),
 * `circuit_open` (the breaker pauses calls to a failing agent), `budget_exceeded` (its day or month budget),
 * `unauthorized` (the caller's credentials or role were refused on a call to a known agent) and `rejected`
 * (any other refusal of a known agent: disabled, a task that is not the caller's). Adding one is a change of
 * the metrics schema (the agent_metrics check constraint) and of every display of outcomes.
 */
export const INVOCATION_OUTCOMES = [
  'success',
  'failure',
  'canceled',
  'shutdown',
  'rate_limited',
  'circuit_open',
  'budget_exceeded',
  'unauthorized',
  'rejected',
] as const;
export type InvocationOutcome = (typeof INVOCATION_OUTCOMES)[number];
/** The outcomes of calls the gateway refused before the agent. */
export const REFUSAL_OUTCOMES = [
  'rate_limited',
  'circuit_open',
  'budget_exceeded',
  'unauthorized',
  'rejected',
] as const satisfies readonly InvocationOutcome[];

/** One finished call, for metrics and cost. */
export interface InvocationRecord {
  agentName: string;
  /** Catalog id, when the agent comes from one. */
  agentId?: string;
  operation: Operation;
  callerId: string | null;
  frontDoor: FrontDoor;
  interactionType?: string;
  /** The agent's HTTP status, when the call failed on one. */
  upstreamStatus?: number;
  startedAt: number;
  durationMs: number;
  /** `outcome === 'success'`. */
  ok: boolean;
  outcome: InvocationOutcome;
  errorCode?: A2AErrorCode;
  cost: number;
  attempts: number;
  /** Tokens the provider reported (LLM-backed providers). */
  usage?: TokenUsage;
}

export interface MetricsSink {
  record(record: InvocationRecord): void;
}

/**
 * A task the gateway has seen, bound to whoever created it, with a bounded snapshot of what it last saw of
 * it (see TASK_SNAPSHOT_LIMITS): enough to list the task without asking the agent. The snapshot holds the
 * agent's own objects, not copies.
 */
export interface TaskRecord {
  agentName: string;
  taskId: string;
  contextId: string;
  state: TaskState;
  ownerId: string | null;
  createdAt: number;
  /** When the gateway last saw the task: lists are newest first by it, and `statusTimestampAfter` reads it. */
  updatedAt: number;
  /** The timestamp of the last status, as the agent wrote it. */
  statusTimestamp?: string;
  /** The message of the last status, if it had one (and it was not too large to keep). */
  statusMessage?: Message;
  /**
   * The task's artifacts. Undefined: this observation did not show them, the store keeps what it had;
   * null: too large to keep.
   */
  artifacts?: Artifact[] | null;
  /** The newest messages of the task's history. Undefined: this observation did not show it, keep what was had. */
  history?: Message[];
}

/** A place in the newest-first order of one agent's tasks: a keyset page starts after it. */
export interface TaskPosition {
  updatedAt: number;
  taskId: string;
}

export interface TaskFilter {
  /** Undefined: everyone's tasks; null: tasks nobody owns. */
  ownerId?: string | null;
  agentName?: string;
  contextId?: string;
  state?: TaskState;
  /** Only tasks seen at or after this time (ms). */
  updatedSince?: number;
}

/** A page of a filtered list, newest first (by `updatedAt`, then `taskId`). */
export interface TaskQuery extends TaskFilter {
  /** Only tasks after this position. */
  after?: TaskPosition;
  limit?: number;
  /** Artifacts and history are heavy: a store may leave them out unless asked. */
  includeArtifacts?: boolean;
  includeHistory?: boolean;
}

export interface TaskStore {
  /**
   * Insert or update; `ownerId` and `createdAt` of an existing record never change, nor do its artifacts
   * and history when the update has none (undefined).
   */
  upsert(record: TaskRecord): void;
  /** The task's record; a store may answer without its snapshot (artifacts, history, status message). */
  get(agentName: string, taskId: string): TaskRecord | undefined | Promise<TaskRecord | undefined>;
  list(query: TaskQuery): TaskRecord[] | Promise<TaskRecord[]>;
  count(filter: TaskFilter): number | Promise<number>;
}

export type BudgetPeriod = 'day' | 'month';

/** What each agent has cost in the current UTC day and month. In memory by default. */
export interface SpendStore {
  add(agentName: string, cost: number, at: number): void;
  spent(agentName: string, period: BudgetPeriod, at: number): number;
}
