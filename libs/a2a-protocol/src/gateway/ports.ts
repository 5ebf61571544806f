import type { A2AErrorCode } from '../errors/a2a-error';
import type { TaskState } from '../types/a2a.schemas';
import type { TokenUsage } from '../adapters/provider-adapter';
import type { AgentSpec } from './agent-config';

/** Seed 001's agent states. */
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
 * Seed 001's `list_available_agents` rule, for an enabled agent: not Unhealthy (or Disabled) and its
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
  ok: boolean;
  errorCode?: A2AErrorCode;
  cost: number;
  attempts: number;
  /** Tokens the provider reported (LLM-backed providers). */
  usage?: TokenUsage;
}

export interface MetricsSink {
  record(record: InvocationRecord): void;
}

/** A task the gateway has seen, bound to whoever created it. */
export interface TaskRecord {
  agentName: string;
  taskId: string;
  contextId: string;
  state: TaskState;
  ownerId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface TaskFilter {
  ownerId?: string | null;
  agentName?: string;
  state?: TaskState;
  limit?: number;
}

export interface TaskStore {
  /** Insert or update; `ownerId` and `createdAt` of an existing record never change. */
  upsert(record: TaskRecord): void;
  get(agentName: string, taskId: string): TaskRecord | undefined | Promise<TaskRecord | undefined>;
  list(filter: TaskFilter): TaskRecord[] | Promise<TaskRecord[]>;
}

export type BudgetPeriod = 'day' | 'month';

/** What each agent has cost in the current UTC day and month. In memory by default. */
export interface SpendStore {
  add(agentName: string, cost: number, at: number): void;
  spent(agentName: string, period: BudgetPeriod, at: number): number;
}
