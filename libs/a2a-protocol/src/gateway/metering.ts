import { A2AErrorCode, type A2AError } from '../errors/a2a-error';
import type { TokenUsage } from '../adapters/provider-adapter';
import type { Part, SendMessageRequest, SendMessageResponse, StreamEvent } from '../types/a2a.schemas';
import type { AgentSpec } from './agent-config';
import { refusalOutcome } from './call-errors';
import type { CallOptions } from './call-plan';
import {
  AgentState,
  type InvocationOutcome,
  type InvocationRecord,
  type MetricsSink,
  type Operation,
  type SpendStore,
} from './ports';

/** Calls, failures, cost and provider-reported tokens of one agent since this gateway started. */
export interface AgentCounters {
  invocations: number;
  failures: number;
  cost: number;
  inputTokens: number;
  outputTokens: number;
}
const NO_CALLS: AgentCounters = { invocations: 0, failures: 0, cost: 0, inputTokens: 0, outputTokens: 0 };

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

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

// ---- token estimates, for priced agents whose provider reports none (≈ 4 characters a token) -----------

/** Characters of text in some parts (what a token estimate is made from). */
export const textChars = (parts: readonly Part[] | undefined) =>
  (parts ?? []).reduce((n, p) => n + ('text' in p ? p.text.length : 0), 0);
const tokensOf = (chars: number) => Math.ceil(chars / 4);

/** Text characters an event adds to the answer. */
export function eventChars(event: StreamEvent): number {
  if ('artifactUpdate' in event) return textChars(event.artifactUpdate.artifact.parts);
  if ('message' in event) return textChars(event.message.parts);
  if ('task' in event) return (event.task.artifacts ?? []).reduce((n, a) => n + textChars(a.parts), 0);
  return 0;
}

/** Tokens estimated from the characters sent and received. */
export function estimatedUsage(inputChars: number, outputChars: number): TokenUsage {
  return { inputTokens: tokensOf(inputChars), outputTokens: tokensOf(outputChars), estimated: true };
}

/** Tokens estimated for a unary send: its message's text in, the answer's text out. */
export function estimatedSendUsage(request: SendMessageRequest, answer: SendMessageResponse): TokenUsage {
  return estimatedUsage(
    textChars(request.message.parts),
    'task' in answer ? eventChars(answer) : textChars(answer.message.parts),
  );
}

/** What a record says of the call itself; the pipeline's calls in flight are one. */
export interface MeteredCall {
  readonly plan: { readonly agent: AgentSpec; readonly operation: Operation; readonly options: CallOptions };
  readonly startedAt: number;
  readonly attempts: number;
}

/**
 * What calls cost and how they went: the price of each call (added to the agent's spend, for budgets), the
 * counters behind `stats()`, and one InvocationRecord per finished call for the metrics sink.
 */
export class Metering {
  private readonly counters = new Map<string, AgentCounters>();
  /** Set when shutdown cuts the calls still open at its deadline: their CANCELED is `shutdown`, not the caller's. */
  private cutting = false;

  constructor(
    private readonly sink: MetricsSink,
    private readonly spend: SpendStore,
    private readonly now: () => number,
  ) {}

  /** A successful call: its cost is spent and counted, its record goes to the sink (and is returned). */
  succeeded(call: MeteredCall, usage: TokenUsage | undefined, now: number): InvocationRecord {
    const { agent, operation } = call.plan;
    const cost = this.costOf(agent, operation, usage);
    if (cost > 0) this.spend.add(agent.name, cost, now);
    this.count(agent.name, false, cost, usage);
    const record = this.recordOf(call, { ok: true, outcome: 'success', cost, usage });
    this.sink.record(record);
    return record;
  }

  /** A failed call (nothing is spent): counted, its record goes to the sink (and is returned). */
  failed(call: MeteredCall, error: A2AError): InvocationRecord {
    const outcome: InvocationOutcome =
      error.code !== A2AErrorCode.Canceled ? 'failure' : this.cutting ? 'shutdown' : 'canceled';
    return this.unsuccessful(call, outcome, error);
  }

  /**
   * A call the gateway refused before the agent (rate limit, circuit, budget, access; `unauthorized` from the
   * door that authenticates): counted as the failure its caller saw, recorded with what refused it. `error`
   * is absent where the refusal is not the gateway core's own (the door's authentication).
   */
  refused(
    call: MeteredCall,
    error: A2AError | undefined,
    outcome = error ? refusalOutcome(error) : 'rejected',
  ): InvocationRecord {
    return this.unsuccessful(call, outcome, error);
  }

  /** From now on a CANCELED call was cut by the shutdown deadline. */
  cutAtShutdown(): void {
    this.cutting = true;
  }

  private unsuccessful(
    call: MeteredCall,
    outcome: InvocationOutcome,
    error: A2AError | undefined,
  ): InvocationRecord {
    this.count(call.plan.agent.name, true, 0);
    const record = this.recordOf(call, {
      ok: false,
      outcome,
      errorCode: error?.code,
      upstreamStatus: typeof error?.details.status === 'number' ? error.details.status : undefined,
      cost: 0,
    });
    this.sink.record(record);
    return record;
  }

  /** The counters of these agents, with each one's state. */
  stats(agents: AgentSpec[], stateOf: (name: string) => AgentState): GatewayStats {
    const perAgent: GatewayStats['agents'] = {};
    let totalInvocations = 0;
    let failedInvocations = 0;
    let totalCost = 0;
    for (const agent of agents) {
      const c = this.counters.get(agent.name) ?? { ...NO_CALLS };
      perAgent[agent.name] = { ...c, cost: round6(c.cost), state: stateOf(agent.name) };
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
        totalCost: round6(totalCost),
      },
      agents: perAgent,
    };
  }

  /** Forget the counters of one agent, or of all. */
  reset(agentName?: string): void {
    if (agentName) this.counters.delete(agentName);
    else this.counters.clear();
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

  /**
   * A finished call's metrics record: who, where and how, then the outcome. One object literal with every
   * field present (undefined where it does not apply), so that every record has the same hidden class.
   * Spread from a base and then extended (`{ ...base, ok, cost }`), each record got a hidden class of its
   * own (Node 20's V8 makes a new one for every such literal): ~2.3 µs a record, and every sink reading it
   * (the metrics row, Prometheus, tracing) read its fields the slow, megamorphic way.
   */
  private recordOf(
    call: MeteredCall,
    outcome: Pick<InvocationRecord, 'ok' | 'outcome' | 'cost' | 'errorCode' | 'upstreamStatus' | 'usage'>,
  ): InvocationRecord {
    const { agent, operation, options } = call.plan;
    return {
      agentName: agent.name,
      agentId: agent.id || undefined,
      operation,
      callerId: options.callerId ?? null,
      frontDoor: options.frontDoor ?? 'library',
      interactionType: options.interactionType || undefined,
      startedAt: call.startedAt,
      durationMs: this.now() - call.startedAt,
      ok: outcome.ok,
      outcome: outcome.outcome,
      errorCode: outcome.errorCode,
      upstreamStatus: outcome.upstreamStatus,
      cost: outcome.cost,
      attempts: call.attempts,
      usage: outcome.usage,
    };
  }
}
