import { A2AError, A2AErrorCode } from '../errors/a2a-error';
import type { TaskStatus } from '../types/a2a.schemas';
import { messageText, textPartsOnly } from '../types/parts-text';
import type { AgentSpec } from './agent-config';
import { countsAgainstAgent } from './call-errors';
import type { Admission as BreakerAdmission, CircuitBreaker } from './circuit-breaker';
import { periodEnd } from './in-memory';
import type { RateLimitStore, SpendStore } from './ports';

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** A failed task is an answer, but says the agent could not do its job: a reason for Degraded, not to open the circuit. */
export function failedTaskProblem(taskId: string, status: TaskStatus): string | undefined {
  if (status.state !== 'TASK_STATE_FAILED') return undefined;
  const text = messageText(status.message, { separator: ' ', describe: textPartsOnly }).trim();
  return `Task ${taskId} failed` + (text ? `: ${text.slice(0, 200)}` : '');
}

/**
 * The checks before any byte goes out to an agent — its rate limit, its budget, its circuit — and what an
 * answer (or its absence) tells the circuit afterwards. State lives in the stores, so replicas can share it.
 */
export class AdmissionControl {
  constructor(
    private readonly rateLimits: RateLimitStore,
    private readonly spend: SpendStore,
    private readonly breaker: CircuitBreaker,
  ) {}

  /** Admits a call or throws why not (RATE_LIMITED, BUDGET_EXCEEDED, AGENT_UNAVAILABLE); true: the half-open trial. */
  async admit(agent: AgentSpec, now: number): Promise<boolean> {
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
    return admission.trial;
  }

  /** A health probe asks the circuit only: an open one skips it, once its cooldown is over the probe is the trial. */
  admitProbe(agent: AgentSpec, now: number): BreakerAdmission {
    return this.breaker.admit(agent.name, now);
  }

  /** The agent answered; `problem`: the answer is itself a failure (a failed task). */
  succeeded(agent: AgentSpec, latencyMs: number, now: number, problem?: string): void {
    this.breaker.onSuccess(agent.name, latencyMs, now, problem);
  }

  /**
   * The call (or probe) failed. Only errors that say the agent is in trouble move the circuit; a half-open
   * trial that ended for a reason that says nothing about the agent frees the slot for the next call.
   */
  failed(agent: AgentSpec, error: A2AError, trial: boolean, now: number): void {
    if (countsAgainstAgent(error)) this.breaker.onFailure(agent.name, error.message, now);
    else if (trial) this.breaker.releaseTrial(agent.name);
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
}
