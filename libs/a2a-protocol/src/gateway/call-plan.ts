import type { AdapterContext, ProviderAdapter, TokenUsage } from '../adapters/provider-adapter';
import type { StreamEvent } from '../types/a2a.schemas';
import type { AgentSpec } from './agent-config';
import type { FrontDoor, Operation } from './ports';
import type { CallTiming, TraceContext } from './tracing';

/** Who is calling, through which door, and how long they will wait. */
export interface CallOptions {
  /** Owner of the tasks this call creates or touches; another caller cannot see them. */
  callerId?: string;
  signal?: AbortSignal;
  /** Recorded with the call's metrics: how it came in, and the caller's interaction type if any. */
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

/**
 * When a failed attempt is made again: only after an error the adapter marked retryable (the agent cannot have
 * acted on it), at most RetryOptions.maxRetries times, never once the caller has left.
 */
export type RetryPolicy =
  /** The whole call may be made again: sends and reads. */
  | 'transient'
  /** One attempt: not safe to repeat (cancel). */
  | 'never'
  /** Streams: only until the first event arrives; after it the agent may have acted. */
  | 'until-first-event';

/** What every call to an agent says: which agent, what operation, for whom, and how it may be retried. */
export interface PlanBase {
  readonly agent: AgentSpec;
  readonly operation: Operation;
  readonly options: CallOptions;
  readonly retry: RetryPolicy;
}

/**
 * A unary call to make (one answer), as the gateway's pipeline runs it. Built as one object literal with every
 * member present (undefined where it does not apply), so that the pipeline reads plans of one shape.
 */
export interface CallPlan<T> extends PlanBase {
  readonly retry: Exclude<RetryPolicy, 'until-first-event'>;
  /** One attempt: what the adapter is asked. */
  attempt(adapter: ProviderAdapter, ctx: AdapterContext): Promise<T>;
  /** The answer is itself a failure (a failed task): a reason for Degraded, not to open the circuit. */
  problemOf?(result: T): string | undefined;
  /** Tokens counted from the text, for priced agents whose provider reports none. */
  estimateUsage?(result: T): TokenUsage;
}

/** A streamed call to make: the agent's events, until its task settles. Every member present, as for CallPlan. */
export interface StreamPlan extends PlanBase {
  readonly retry: 'until-first-event';
  /** One attempt: the stream the adapter opens. */
  open(adapter: ProviderAdapter, ctx: AdapterContext): AsyncIterable<StreamEvent>;
  /** The task the stream continues, if any: only its owner may. Checked when the stream is first read. */
  readonly taskId: string | undefined;
  /** Tokens counted from the text received (characters), for priced agents whose provider reports none. */
  estimateUsage?(outputChars: number): TokenUsage;
}
