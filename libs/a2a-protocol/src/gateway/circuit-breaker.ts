import { AgentState, type AgentHealth, type HealthStore } from './ports';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before one trial call is let through. */
  cooldownMs: number;
  /** A success slower than this marks the agent Degraded. */
  degradedLatencyMs: number;
  /** Good answers in a row that bring a Degraded or Unhealthy agent back to Healthy. */
  recoverySuccesses: number;
}

export const DEFAULT_BREAKER: CircuitBreakerOptions = {
  failureThreshold: 5,
  cooldownMs: 30_000,
  degradedLatencyMs: 5_000,
  recoverySuccesses: 3,
};

export type Admission = { admitted: true; trial: boolean } | { admitted: false; retryAfterMs: number };

/**
 * Closed → (failureThreshold consecutive failures) → open → (cooldown) → half-open: one trial call;
 * its success closes the circuit, its failure opens it again. State lives in a HealthStore so that
 * replicas can share it.
 *
 * The agent's health state follows the same signals. Unhealthy: the circuit opened. Degraded (slow or
 * intermittent): a failure below the threshold, a success slower than `degradedLatencyMs`, or an answer
 * that is a failed task; it lasts until `recoverySuccesses` good answers in a row. Healthy otherwise.
 */
export class CircuitBreaker {
  constructor(
    private readonly store: HealthStore,
    private readonly options: CircuitBreakerOptions = DEFAULT_BREAKER,
  ) {}

  admit(agentName: string, now: number): Admission {
    const h = this.store.get(agentName);
    if (h.openUntil === null) return { admitted: true, trial: false };
    if (now < h.openUntil) return { admitted: false, retryAfterMs: h.openUntil - now };
    // Half-open: exactly one trial at a time (a trial that never reports back is released after a cooldown).
    if (h.trialStartedAt !== null && now - h.trialStartedAt < this.options.cooldownMs) {
      return { admitted: false, retryAfterMs: this.options.cooldownMs - (now - h.trialStartedAt) };
    }
    this.store.set(agentName, { ...h, trialStartedAt: now });
    return { admitted: true, trial: true };
  }

  /**
   * The agent answered. `problem` says the answer was itself a failure (a failed task): the circuit
   * closes (the agent works) but the agent is Degraded.
   */
  onSuccess(agentName: string, latencyMs: number, now: number, problem?: string): void {
    const h = this.store.get(agentName);
    const good = problem === undefined && latencyMs <= this.options.degradedLatencyMs;
    const streak = good ? h.consecutiveSuccesses + 1 : 0;
    const recovering = h.state === AgentState.Degraded || h.state === AgentState.Unhealthy;
    this.store.set(agentName, {
      ...h,
      state:
        good && (!recovering || streak >= this.options.recoverySuccesses)
          ? AgentState.Healthy
          : AgentState.Degraded,
      consecutiveFailures: 0,
      consecutiveSuccesses: streak,
      openUntil: null,
      trialStartedAt: null,
      lastLatencyMs: latencyMs,
      lastError: problem ?? h.lastError,
      updatedAt: now,
    });
  }

  /** The trial call ended without saying anything about the agent: let the next call try. */
  releaseTrial(agentName: string): void {
    const h = this.store.get(agentName);
    if (h.trialStartedAt !== null) this.store.set(agentName, { ...h, trialStartedAt: null });
  }

  onFailure(agentName: string, error: string, now: number): void {
    const h = this.store.get(agentName);
    const failures = h.consecutiveFailures + 1;
    const open = failures >= this.options.failureThreshold || h.trialStartedAt !== null;
    const next: AgentHealth = {
      ...h,
      consecutiveFailures: failures,
      consecutiveSuccesses: 0,
      state: open ? AgentState.Unhealthy : AgentState.Degraded,
      openUntil: open ? now + this.options.cooldownMs : null,
      trialStartedAt: null,
      lastError: error,
      updatedAt: now,
    };
    this.store.set(agentName, next);
  }
}
