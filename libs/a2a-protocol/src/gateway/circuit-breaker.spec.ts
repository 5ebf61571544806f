import { CircuitBreaker, DEFAULT_BREAKER } from './circuit-breaker';
import { InMemoryHealthStore, InMemoryRateLimitStore, InMemoryTaskStore, initialHealth } from './in-memory';
import { AgentState, type TaskRecord } from './ports';

describe('CircuitBreaker', () => {
  const options = { failureThreshold: 2, cooldownMs: 1_000, degradedLatencyMs: 500, recoverySuccesses: 2 };

  function breaker() {
    const store = new InMemoryHealthStore();
    return { store, breaker: new CircuitBreaker(store, options) };
  }

  it('defaults: 5 failures, 30 s cooldown, 5 s degraded latency, 3 good answers to recover', () => {
    expect(DEFAULT_BREAKER).toEqual({
      failureThreshold: 5,
      cooldownMs: 30_000,
      degradedLatencyMs: 5_000,
      recoverySuccesses: 3,
    });
  });

  it('walks closed → open → half-open → closed', () => {
    const { store, breaker: b } = breaker();
    expect(b.admit('a', 0)).toEqual({ admitted: true, trial: false });
    b.onFailure('a', 'boom 1', 0);
    expect(store.get('a')).toMatchObject({
      state: AgentState.Degraded,
      consecutiveFailures: 1,
      openUntil: null,
    });
    b.onFailure('a', 'boom 2', 10);
    expect(store.get('a')).toMatchObject({
      state: AgentState.Unhealthy,
      consecutiveFailures: 2,
      openUntil: 1_010,
      lastError: 'boom 2',
      updatedAt: 10,
    });
    expect(b.admit('a', 500)).toEqual({ admitted: false, retryAfterMs: 510 });
    expect(b.admit('a', 1_010)).toEqual({ admitted: true, trial: true });
    expect(b.admit('a', 1_011)).toEqual({ admitted: false, retryAfterMs: 999 });
    b.onSuccess('a', 20, 1_030);
    // Closed again, but recovering: Degraded until recoverySuccesses good answers in a row.
    expect(store.get('a')).toEqual({
      ...initialHealth(),
      state: AgentState.Degraded,
      consecutiveSuccesses: 1,
      lastLatencyMs: 20,
      lastError: 'boom 2',
      updatedAt: 1_030,
    });
    expect(b.admit('a', 1_031)).toEqual({ admitted: true, trial: false });
    b.onSuccess('a', 30, 1_040);
    expect(store.get('a')).toMatchObject({ state: AgentState.Healthy, consecutiveSuccesses: 2 });
  });

  it('a failed trial re-opens at once', () => {
    const { store, breaker: b } = breaker();
    b.onFailure('a', 'x', 0);
    b.onFailure('a', 'x', 0);
    b.admit('a', 1_000);
    b.onFailure('a', 'trial failed', 1_100);
    expect(store.get('a')).toMatchObject({
      openUntil: 2_100,
      trialStartedAt: null,
      state: AgentState.Unhealthy,
    });
    expect(b.admit('a', 2_000)).toEqual({ admitted: false, retryAfterMs: 100 });
  });

  it('a slow success is Degraded; good answers in a row bring it back', () => {
    const { store, breaker: b } = breaker();
    b.onSuccess('a', 500, 0);
    expect(store.get('a').state).toBe(AgentState.Healthy); // a first good answer: Unknown → Healthy
    b.onSuccess('a', 501, 0);
    expect(store.get('a')).toMatchObject({ state: AgentState.Degraded, consecutiveSuccesses: 0 });
    b.onSuccess('a', 500, 0);
    expect(store.get('a').state).toBe(AgentState.Degraded);
    b.onSuccess('a', 500, 0);
    expect(store.get('a').state).toBe(AgentState.Healthy);
  });

  it('one failure below the threshold is Degraded (intermittent); a slow answer restarts the recovery', () => {
    const { store, breaker: b } = breaker();
    b.onSuccess('a', 10, 0);
    b.onFailure('a', 'flaky', 1);
    expect(store.get('a')).toMatchObject({
      state: AgentState.Degraded,
      consecutiveFailures: 1,
      openUntil: null,
    });
    b.onSuccess('a', 10, 2);
    b.onSuccess('a', 900, 3);
    b.onSuccess('a', 10, 4);
    expect(store.get('a').state).toBe(AgentState.Degraded);
    b.onSuccess('a', 10, 5);
    expect(store.get('a')).toMatchObject({ state: AgentState.Healthy, consecutiveFailures: 0 });
  });

  it('an answer that is a failure (a failed task) degrades without moving the circuit', () => {
    const { store, breaker: b } = breaker();
    b.onFailure('a', 'x', 0);
    b.onSuccess('a', 10, 1, 'Task t failed');
    b.onSuccess('a', 10, 2, 'Task t failed');
    expect(store.get('a')).toMatchObject({
      state: AgentState.Degraded,
      consecutiveFailures: 0,
      openUntil: null,
      lastError: 'Task t failed',
    });
    expect(b.admit('a', 3)).toEqual({ admitted: true, trial: false });
  });

  it('keeps agents apart', () => {
    const { breaker: b } = breaker();
    b.onFailure('a', 'x', 0);
    b.onFailure('a', 'x', 0);
    expect(b.admit('a', 1).admitted).toBe(false);
    expect(b.admit('b', 1)).toEqual({ admitted: true, trial: false });
  });
});

describe('InMemoryRateLimitStore (token bucket)', () => {
  it('starts full, refills per ms, caps at capacity, and restarts when the limit changes', () => {
    const store = new InMemoryRateLimitStore();
    for (let i = 0; i < 6; i++) expect(store.take('a', 6, 0)).toEqual({ allowed: true });
    expect(store.take('a', 6, 0)).toEqual({ allowed: false, retryAfterMs: 10_000 });
    expect(store.take('a', 6, 4_000)).toEqual({ allowed: false, retryAfterMs: 6_000 });
    expect(store.take('a', 6, 10_000)).toEqual({ allowed: true });
    // A new limit is a new, full bucket.
    expect(store.take('a', 2, 10_000)).toEqual({ allowed: true });
    expect(store.take('a', 2, 10_000)).toEqual({ allowed: true });
    expect(store.take('a', 2, 10_000)).toEqual({ allowed: false, retryAfterMs: 30_000 });
    // Keys are independent.
    expect(store.take('b', 2, 10_000)).toEqual({ allowed: true });
  });
});

describe('InMemoryTaskStore', () => {
  const record = (taskId: string, patch: Partial<TaskRecord> = {}): TaskRecord => ({
    agentName: 'a',
    taskId,
    contextId: 'c',
    state: 'TASK_STATE_WORKING',
    ownerId: 'alice',
    createdAt: 1,
    updatedAt: 1,
    ...patch,
  });

  it('never changes ownerId or createdAt on update', () => {
    const store = new InMemoryTaskStore();
    store.upsert(record('t'));
    store.upsert(
      record('t', { ownerId: 'mallory', createdAt: 5, updatedAt: 5, state: 'TASK_STATE_COMPLETED' }),
    );
    expect(store.get('a', 't')).toEqual(record('t', { updatedAt: 5, state: 'TASK_STATE_COMPLETED' }));
  });

  it('lists newest first with filters and a limit, and stays within its capacity', () => {
    const store = new InMemoryTaskStore(3);
    store.upsert(record('t1'));
    store.upsert(record('t2', { ownerId: 'bob' }));
    store.upsert(record('t3', { state: 'TASK_STATE_COMPLETED' }));
    store.upsert(record('t4'));
    expect(store.get('a', 't1')).toBeUndefined();
    expect(store.list({}).map((t) => t.taskId)).toEqual(['t4', 't3', 't2']);
    expect(store.list({ ownerId: 'alice' }).map((t) => t.taskId)).toEqual(['t4', 't3']);
    expect(store.list({ state: 'TASK_STATE_COMPLETED' }).map((t) => t.taskId)).toEqual(['t3']);
    expect(store.list({ limit: 1 }).map((t) => t.taskId)).toEqual(['t4']);
    expect(store.list({ agentName: 'other' })).toEqual([]);
  });
});
