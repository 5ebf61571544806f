import type { ChatTurn, ConversationKey, ConversationStore } from '../adapters/conversation';
import type { AgentSpec } from './agent-config';
import {
  AgentState,
  type AgentHealth,
  type AgentRegistry,
  type HealthStore,
  type InvocationRecord,
  type MetricsSink,
  type RateDecision,
  type RateLimitStore,
  type BudgetPeriod,
  type SpendStore,
  type TaskFilter,
  type TaskQuery,
  type TaskRecord,
  type TaskStore,
} from './ports';
import { matchesTaskFilter, newestFirst } from './task-list';
import { mergeTaskRecord } from './task-snapshot';

export class InMemoryAgentRegistry implements AgentRegistry {
  private readonly byName = new Map<string, AgentSpec>();
  private readonly bySlug = new Map<string, AgentSpec>();

  get(nameOrSlug: string) {
    return this.byName.get(nameOrSlug) ?? this.bySlug.get(nameOrSlug);
  }
  list() {
    return [...this.byName.values()];
  }
  register(agent: AgentSpec) {
    this.unregister(agent.name);
    this.byName.set(agent.name, agent);
    this.bySlug.set(agent.slug, agent);
  }
  unregister(name: string) {
    const agent = this.byName.get(name);
    if (!agent) return false;
    this.byName.delete(name);
    if (this.bySlug.get(agent.slug) === agent) this.bySlug.delete(agent.slug);
    return true;
  }
}

/** Token bucket per key: `perMinute` capacity, refilled continuously. */
export class InMemoryRateLimitStore implements RateLimitStore {
  private readonly buckets = new Map<string, { tokens: number; at: number; capacity: number }>();

  take(key: string, perMinute: number, now: number): RateDecision {
    const ratePerMs = perMinute / 60_000;
    let bucket = this.buckets.get(key);
    if (!bucket || bucket.capacity !== perMinute) {
      bucket = { tokens: perMinute, at: now, capacity: perMinute };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(perMinute, bucket.tokens + (now - bucket.at) * ratePerMs);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / ratePerMs) };
  }
}

export const initialHealth = (): AgentHealth => ({
  state: AgentState.Unknown,
  consecutiveFailures: 0,
  consecutiveSuccesses: 0,
  openUntil: null,
  trialStartedAt: null,
  lastLatencyMs: null,
  lastError: null,
  updatedAt: null,
});

export class InMemoryHealthStore implements HealthStore {
  private readonly health = new Map<string, AgentHealth>();
  get(agentName: string) {
    return this.health.get(agentName) ?? initialHealth();
  }
  set(agentName: string, health: AgentHealth) {
    this.health.set(agentName, health);
  }
  delete(agentName: string) {
    this.health.delete(agentName);
  }
}

/** Keeps nothing: the gateway's own counters already feed `stats()`. */
export class NoopMetricsSink implements MetricsSink {
  record(_: InvocationRecord) {}
}

/**
 * Tasks in memory, oldest dropped beyond `capacity`. Each keeps its bounded snapshot (TASK_SNAPSHOT_LIMITS):
 * at most some 25,000 characters of content a task, so size `capacity` to the memory you can give it.
 */
export class InMemoryTaskStore implements TaskStore {
  private readonly tasks = new Map<string, TaskRecord>();
  constructor(private readonly capacity = 10_000) {}

  upsert(record: TaskRecord) {
    const key = `${record.agentName}\u0000${record.taskId}`;
    const existing = this.tasks.get(key);
    if (existing) {
      this.tasks.delete(key);
      this.tasks.set(key, mergeTaskRecord(existing, record));
      return;
    }
    this.tasks.set(key, record);
    // Oldest first in a Map: drop beyond capacity so a long-running process stays bounded.
    if (this.tasks.size > this.capacity) this.tasks.delete(this.tasks.keys().next().value as string);
  }
  get(agentName: string, taskId: string) {
    return this.tasks.get(`${agentName}\u0000${taskId}`);
  }
  list(query: TaskQuery) {
    const { after } = query;
    const out: TaskRecord[] = [];
    for (const t of this.tasks.values())
      if (matchesTaskFilter(t, query) && (!after || newestFirst(after, t) < 0)) out.push(t);
    return out.sort(newestFirst).slice(0, query.limit ?? 100);
  }
  count(filter: TaskFilter) {
    let n = 0;
    for (const t of this.tasks.values()) if (matchesTaskFilter(t, filter)) n++;
    return n;
  }
}

/** Conversations in memory, oldest dropped first beyond `maxConversations`; each keeps its last `maxTurns`. */
export class InMemoryConversationStore implements ConversationStore {
  private readonly conversations = new Map<string, ChatTurn[]>();

  constructor(
    private readonly maxConversations = 10_000,
    private readonly maxTurns = 200,
  ) {}

  async load(key: ConversationKey, limit: number): Promise<ChatTurn[]> {
    return (this.conversations.get(this.id(key)) ?? []).slice(-limit);
  }

  async append(key: ConversationKey, turns: ChatTurn[]): Promise<void> {
    const id = this.id(key);
    const all = [...(this.conversations.get(id) ?? []), ...turns].slice(-this.maxTurns);
    this.conversations.delete(id); // re-insert: Map order is the eviction order
    this.conversations.set(id, all);
    if (this.conversations.size > this.maxConversations) {
      this.conversations.delete(this.conversations.keys().next().value as string);
    }
  }

  private id(key: ConversationKey) {
    return `${key.agentName}\u0000${key.ownerId ?? ''}\u0000${key.contextId}`;
  }
}

/** Start of the UTC day or calendar month that `at` falls in. */
export function periodStart(period: BudgetPeriod, at: number): number {
  const d = new Date(at);
  return period === 'day'
    ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())
    : Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** Start of the next UTC day or calendar month after `at`. */
export function periodEnd(period: BudgetPeriod, at: number): number {
  const d = new Date(periodStart(period, at));
  return period === 'day' ? d.getTime() + 86_400_000 : Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** Spend per agent for the current day and month; a new period starts from zero. */
export class InMemorySpendStore implements SpendStore {
  private readonly spend = new Map<string, { start: number; total: number }>();

  add(agentName: string, cost: number, at: number): void {
    if (cost <= 0) return;
    for (const period of ['day', 'month'] as const) {
      const entry = this.entry(agentName, period, at);
      entry.total += cost;
    }
  }

  spent(agentName: string, period: BudgetPeriod, at: number): number {
    return this.entry(agentName, period, at).total;
  }

  /** Start from what was spent before this process (read from a store of past calls). */
  seed(agentName: string, period: BudgetPeriod, at: number, total: number): void {
    this.entry(agentName, period, at).total = total;
  }

  private entry(agentName: string, period: BudgetPeriod, at: number) {
    const key = `${period}\u0000${agentName}`;
    const start = periodStart(period, at);
    let entry = this.spend.get(key);
    if (!entry || entry.start !== start) {
      entry = { start, total: 0 };
      this.spend.set(key, entry);
    }
    return entry;
  }
}
