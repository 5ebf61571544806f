import { A2AError, A2AErrorCode } from '../errors/a2a-error';
import type { ConversationStore } from '../adapters/conversation';
import type { AdapterContext, ProviderAdapter, TokenUsage } from '../adapters/provider-adapter';
import type { AgentProvider } from '../adapters/providers';
import type { OutboundHttp } from '../net/outbound-http';
import type { StreamEvent } from '../types/a2a.schemas';
import { failedTaskProblem, type AdmissionControl } from './admission';
import type { AgentSpec } from './agent-config';
import { attemptScope, type AttemptScope } from './attempt-scope';
import { attemptError, callCanceled } from './call-errors';
import type { CallOptions, CallPlan, PlanBase, StreamPlan } from './call-plan';
import { eventChars, type MeteredCall, type Metering } from './metering';
import type { InvocationOutcome, Operation } from './ports';
import { backoffDelay, sleep, type RetryOptions } from './retry';
import type { TaskLedger } from './task-ledger';
import { StreamTaskSnapshot } from './task-snapshot';
import { upstreamTimer, type CallTrace, type CallTracer } from './tracing';

/** What one health probe found. A skipped probe sent nothing and changed nothing. */
export type ProbeResult =
  | { status: 'ok'; latencyMs: number }
  | { status: 'failed'; latencyMs: number; error: A2AError }
  | { status: 'skipped'; reason: 'disabled' | 'circuit-open' };

/** What the pipeline is made of; the gateway builds it from its options. */
export interface PipelineParts {
  adapters: ProviderAdapter[];
  http: OutboundHttp;
  conversations: ConversationStore;
  admission: AdmissionControl;
  metering: Metering;
  ledger: TaskLedger;
  retry: RetryOptions;
  tracer: CallTracer | undefined;
  now: () => number;
}

/** A call refused before it became one the pipeline runs: which agent, what operation, for whom. */
export type RefusedPlan = Pick<PlanBase, 'agent' | 'operation' | 'options'>;

/** The calls the pipeline runs: unary (over once answered) and streamed (going on past their first event). */
type Plan = CallPlan<unknown> | StreamPlan;

/** One attempt's adapter step, up to the point where the attempt commits (an answer, a stream's first result). */
type AttemptStep<R> = (adapter: ProviderAdapter, ctx: AdapterContext, call: Call) => Promise<R>;

/** One call in flight: its plan, and what the retry loop, the stream and the records share. */
class Call implements MeteredCall {
  startedAt = 0;
  /** Admitted as the circuit's half-open trial. */
  trial = false;
  trace: CallTrace | undefined = undefined;
  /** Attempts made so far (the current one included). */
  attempts = 0;
  /** The current attempt's signal; the committed attempt's stays open until the call is over. */
  scope!: AttemptScope;
  /** Tokens the provider reported in the current attempt. */
  usage: TokenUsage | undefined = undefined;
  /** A streamed call: the agent's events. */
  events: AsyncIterator<StreamEvent> | undefined = undefined;

  constructor(
    readonly plan: Plan,
    readonly adapter: ProviderAdapter,
  ) {}

  /** Usage the provider reported in attempt `scope` (a late report of an earlier attempt is not this one's). */
  report(scope: AttemptScope, reported: TokenUsage): void {
    if (scope !== this.scope) return;
    const sum = this.usage;
    this.usage = sum
      ? {
          ...sum,
          inputTokens: sum.inputTokens + reported.inputTokens,
          outputTokens: sum.outputTokens + reported.outputTokens,
        }
      : { ...reported };
  }
}

/** A stream's attempt commits with its first result: an event, or the end of a stream that had none. */
function firstResult(
  adapter: ProviderAdapter,
  ctx: AdapterContext,
  call: Call,
): Promise<IteratorResult<StreamEvent>> {
  const events = (call.plan as StreamPlan).open(adapter, ctx)[Symbol.asyncIterator]();
  call.events = events;
  return events.next();
}

const ignoreUsage = () => undefined;
const notWaiting = (): void => undefined;

/** Close a stream the loop reading it failed in: that failure is the one to report (as `for await` does). */
async function closeQuietly(events: AsyncIterator<StreamEvent>): Promise<void> {
  try {
    await events.return?.();
  } catch {
    // The loop's own error is the one that counts.
  }
}

/** The probe of an adapter without one: the agent's URL answers HTTP (any status the fetch lets through). */
async function reachable(ctx: AdapterContext): Promise<void> {
  const response = await ctx.fetch(ctx.agent.url, { method: 'GET', signal: ctx.signal });
  await response.body?.cancel();
}

/**
 * The one pipeline every call to every agent goes through, whichever front door it came through:
 * admission (rate limit, budget, circuit) → attempts (timeout, retries with backoff) → record (health,
 * cost, metrics, trace). Unary calls and streams share the retry loop; a stream retries only until its
 * first event.
 */
export class CallPipeline {
  private readonly adapters = new Map<AgentProvider, ProviderAdapter>();
  private readonly http: OutboundHttp;
  private readonly conversations: ConversationStore;
  private readonly admission: AdmissionControl;
  private readonly metering: Metering;
  private readonly ledger: TaskLedger;
  private readonly retry: RetryOptions;
  private readonly tracer: CallTracer | undefined;
  private readonly now: () => number;
  /** Calls started and not yet recorded: shutdown waits for them to reach the metrics sink. */
  private open = 0;

  constructor(parts: PipelineParts) {
    for (const adapter of parts.adapters) this.adapters.set(adapter.provider, adapter);
    this.http = parts.http;
    this.conversations = parts.conversations;
    this.admission = parts.admission;
    this.metering = parts.metering;
    this.ledger = parts.ledger;
    this.retry = parts.retry;
    this.tracer = parts.tracer;
    this.now = parts.now;
  }

  /** The agent's config changed or it is gone: its adapter forgets what it cached (its card, clients). */
  forget(agent: AgentSpec): void {
    this.adapters.get(agent.provider)?.forget?.(agent.name);
  }

  /** A unary call: admitted, attempted as its plan says, recorded. */
  call<T>(plan: CallPlan<T>): Promise<T> {
    return this.run(new Call(plan, this.adapterFor(plan.agent)), plan.attempt);
  }

  /**
   * Records a call refused before it reached the pipeline's admission: a disabled agent, a task that is not
   * the caller's, or (from a door) a caller refused on a call to a known agent.
   */
  refuse(plan: RefusedPlan, error: A2AError | undefined, outcome?: InvocationOutcome): void {
    this.metering.refused({ plan, startedAt: this.now(), attempts: 0 }, error, outcome);
  }

  /**
   * Only the task's owner may continue, read or cancel it; anyone else is refused (and counted). A call that
   * names no task, or has no caller, has nothing to check: undefined, no promise to await on the call path.
   */
  assertAccess(
    agent: AgentSpec,
    operation: Operation,
    options: CallOptions,
    taskId: string | undefined,
  ): Promise<void> | undefined {
    if (!taskId || options.callerId === undefined) return undefined;
    return this.ledger.assertAccess(agent, taskId, options.callerId).catch((thrown: unknown) => {
      this.refuse({ agent, operation, options }, A2AError.is(thrown) ? thrown : undefined);
      throw thrown;
    });
  }

  /**
   * Resolves true once every call started has been recorded, false if some are still open after `timeoutMs`
   * of wall-clock time (not the gateway's clock, which a library user may have stopped).
   */
  async settled(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.open > 0) {
      if (Date.now() >= deadline) return false;
      await sleep(10);
    }
    return true;
  }

  /** From now on calls that end CANCELED were cut by the shutdown deadline (outcome `shutdown`). */
  cutAtShutdown(): void {
    this.metering.cutAtShutdown();
  }

  /** A streamed call; nothing happens until it is read. */
  stream(plan: StreamPlan): AsyncIterable<StreamEvent> {
    return { [Symbol.asyncIterator]: () => this.streamEvents(plan) };
  }

  /**
   * One active health check of an agent, reported to its health like a call (not counted as one: no
   * metrics record, no rate-limit token, no retries). Bounded by the agent's timeout. Asks the adapter's
   * `healthCheck` (A2A: the card, read again), else checks that the agent's URL answers HTTP. An open circuit
   * skips it; once the cooldown is over the probe is the half-open trial.
   */
  async probe(agent: AgentSpec, signal: AbortSignal | undefined): Promise<ProbeResult> {
    const adapter = this.adapterFor(agent);
    const startedAt = this.now();
    const admission = this.admission.admitProbe(agent, startedAt);
    if (!admission.admitted) return { status: 'skipped', reason: 'circuit-open' };
    const scope = attemptScope(agent, signal);
    const ctx = this.context(agent, scope, undefined);
    try {
      await (adapter.healthCheck ? adapter.healthCheck(ctx) : reachable(ctx));
      const now = this.now();
      this.admission.succeeded(agent, now - startedAt, now);
      return { status: 'ok', latencyMs: now - startedAt };
    } catch (thrown) {
      const error = attemptError(thrown, scope.signal, agent.name);
      const now = this.now();
      this.admission.failed(agent, error, admission.trial, now);
      return { status: 'failed', latencyMs: now - startedAt, error };
    } finally {
      scope.dispose();
    }
  }

  private async *streamEvents(plan: StreamPlan): AsyncGenerator<StreamEvent> {
    const { agent, options } = plan;
    const adapter = this.adapterFor(agent);
    const access = this.assertAccess(agent, plan.operation, options, plan.taskId);
    if (access) await access;
    const call = new Call(plan, adapter);
    const first = await this.run(call, firstResult);
    const scope = call.scope;
    const snapshot = new StreamTaskSnapshot();
    const estimating = Boolean(agent.pricing && plan.estimateUsage);
    let delivered = 0;
    let problem: string | undefined;
    let firstEventMs: number | undefined;
    let outputChars = 0;
    /** The agent's stream ended by itself: its request is over, nothing left to close. */
    let drained = false;
    let recorded = false;
    // Upstream time is the wait for each event, not the time the consumer takes with it (the retry loop
    // counted the wait for the first).
    let waited: () => void = notWaiting;
    // Read by hand, not with `for await` over a stream that replays the first result: that wrapper cost
    // ~0.1 µs a stream. Closing follows `for await`: the agent's stream is closed when this loop ends early,
    // unless it ended because the agent's stream itself threw.
    const events = call.events!; // set by firstResult
    let next = first;
    /** Awaiting the agent's next result: if that throws, the agent's stream is over, nothing to close. */
    let reading = false;
    try {
      while (!next.done) {
        const event = next.value;
        scope.touch();
        if (delivered++ === 0) firstEventMs = this.now() - call.startedAt;
        if (estimating) outputChars += eventChars(event);
        this.ledger.observeEvent(agent, snapshot, event, options.callerId);
        if ('task' in event) problem = failedTaskProblem(event.task.id, event.task.status);
        else if ('statusUpdate' in event)
          problem = failedTaskProblem(event.statusUpdate.taskId, event.statusUpdate.status);
        yield event;
        waited = upstreamTimer(options.timing);
        reading = true;
        next = await events.next();
        reading = false;
        waited();
      }
      drained = true;
      recorded = true;
      // A stream is as slow as its first event: a long one is not a slow agent.
      this.succeeded(
        call,
        call.usage ?? (estimating ? plan.estimateUsage?.(outputChars) : undefined),
        problem,
        firstEventMs,
      );
    } catch (thrown) {
      waited();
      if (!reading && !drained) await closeQuietly(events);
      const error = attemptError(thrown, scope.signal, agent.name);
      scope.dispose();
      recorded = true;
      throw this.failed(call, error);
    } finally {
      try {
        // The consumer stopped early (client disconnect): close the agent's stream first, as `for await` does.
        if (!drained && !recorded) await events.return?.();
      } finally {
        // The consumer stopped early or the stream failed: close the upstream request too, and count it.
        // A drained stream has nothing to close (and an error built per call costs).
        if (!drained && !scope.signal.aborted) scope.abort(callCanceled(agent.name, 'stream-closed'));
        scope.dispose();
        if (!recorded && delivered > 0) this.failed(call, callCanceled(agent.name, 'caller-left'));
      }
    }
  }

  /**
   * The one retry loop, of unary calls and streams alike: admits the call, then attempts until one commits —
   * a unary call's answer (recorded: the call is over), a stream's first result (after it the agent may have
   * acted: no more retries; the committed attempt's scope, `call.scope`, stays open for the rest) — or fails
   * in a way its plan does not retry, which is recorded and thrown.
   */
  private async run<R>(call: Call, step: AttemptStep<R>): Promise<R> {
    const { plan } = call;
    const { agent, options } = plan;
    call.startedAt = this.now();
    this.open++;
    try {
      call.trial = await this.admission.admit(agent, call.startedAt);
    } catch (thrown) {
      // Refused before the agent: one record, what the caller saw (a store that failed is `rejected`).
      this.open--;
      this.metering.refused(call, A2AError.is(thrown) ? thrown : undefined);
      throw thrown;
    }
    call.trace = this.startTrace(plan);
    for (let attempt = 0; ; attempt++) {
      const scope = attemptScope(agent, options.signal);
      call.scope = scope;
      call.attempts = attempt + 1;
      call.usage = undefined;
      const waited = upstreamTimer(options.timing);
      try {
        const committed = await step(call.adapter, this.context(agent, scope, call), call);
        waited();
        if (plan.retry !== 'until-first-event') {
          this.succeeded(
            call,
            call.usage ?? (agent.pricing ? plan.estimateUsage?.(committed) : undefined),
            plan.problemOf?.(committed),
            undefined,
          );
          scope.dispose();
        }
        return committed;
      } catch (thrown) {
        waited();
        let error = attemptError(thrown, scope.signal, agent.name);
        scope.dispose();
        // A stream that failed before its first event may still hold the agent's response open: close it.
        if (plan.retry === 'until-first-event' && !scope.signal.aborted)
          scope.abort(callCanceled(agent.name, 'stream-closed'));
        if (plan.retry !== 'never' && this.retryable(error, attempt, options.signal)) {
          try {
            await this.backoff(call, attempt, error);
            continue;
          } catch (canceled) {
            error = canceled as A2AError;
          }
        }
        throw this.failed(call, error);
      }
    }
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

  private retryable(error: A2AError, attempt: number, caller?: AbortSignal): boolean {
    return error.details.retryable === true && attempt < this.retry.maxRetries && !caller?.aborted;
  }

  /** The pause before a retry; a caller who leaves meanwhile ends the call as CANCELED. */
  private async backoff(call: Call, attempt: number, error: A2AError): Promise<void> {
    const { agent, options } = call.plan;
    const delay = backoffDelay(attempt, this.retry);
    call.trace?.retry(attempt + 1, error, delay);
    const waited = upstreamTimer(options.timing);
    try {
      await sleep(delay, options.signal);
    } catch {
      throw callCanceled(agent.name, 'caller-left');
    } finally {
      waited();
    }
  }

  /** What the adapter gets for one attempt; a probe (no call) reports usage to no one. */
  private context(agent: AgentSpec, scope: AttemptScope, call: Call | undefined): AdapterContext {
    return {
      agent,
      signal: scope.signal,
      fetch: this.http.fetchFor(agent, call?.trace?.headers),
      callerId: call?.plan.options.callerId ?? null,
      conversations: this.conversations,
      reportUsage: call ? (reported) => call.report(scope, reported) : ignoreUsage,
    };
  }

  private startTrace(plan: PlanBase): CallTrace | undefined {
    const { agent, operation, options } = plan;
    return this.tracer?.start({
      agent,
      operation,
      frontDoor: options.frontDoor ?? 'library',
      ...(options.traceContext ? { parent: options.traceContext } : {}),
    });
  }

  /** `problem`: the answer is a failure (a failed task); `latencyMs`: how slow the agent was, if not the whole call. */
  private succeeded(
    call: Call,
    usage: TokenUsage | undefined,
    problem: string | undefined,
    latencyMs: number | undefined,
  ): void {
    const now = this.now();
    this.open--;
    this.admission.succeeded(call.plan.agent, latencyMs ?? now - call.startedAt, now, problem);
    const record = this.metering.succeeded(call, usage, now);
    call.trace?.end(record);
  }

  /** Records the failure (health, counters, metrics, trace) and hands the error back, to be thrown. */
  private failed(call: Call, error: A2AError): A2AError {
    const now = this.now();
    this.open--;
    this.admission.failed(call.plan.agent, error, call.trial, now);
    const record = this.metering.failed(call, error);
    call.trace?.end(record, error);
    return error;
  }
}
