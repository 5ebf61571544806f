import type { A2AError } from '../errors/a2a-error';
import type { AgentSpec } from './agent-config';
import type { FrontDoor, InvocationRecord, Operation } from './ports';

/** The caller's W3C trace context, as received in its `traceparent` / `tracestate` headers. */
export interface TraceContext {
  traceparent: string;
  tracestate?: string;
}

/** A call about to go out, as the tracer sees it. */
export interface TracedCall {
  agent: AgentSpec;
  operation: Operation;
  frontDoor: FrontDoor;
  /** The caller's trace: the call's span continues it. */
  parent?: TraceContext;
}

/**
 * Tracing of gateway calls, as a port: the API implements it with OpenTelemetry, the core stays free
 * of any tracing library. Without a tracer the gateway does no tracing work at all.
 */
export interface CallTracer {
  /** A call was admitted (after rate limit and breaker) and is about to reach the agent. */
  start(call: TracedCall): CallTrace;
}

/** One traced call. */
export interface CallTrace {
  /** Headers sent on every request of this call to the agent: the W3C trace context of the call's span. */
  readonly headers: Record<string, string>;
  /** Attempt `attempt` (1-based) failed with `error`; the next one starts after `delayMs`. */
  retry(attempt: number, error: A2AError, delayMs: number): void;
  /** The call is over; `record` is what the metrics sink received, `error` why it failed. */
  end(record: InvocationRecord, error?: A2AError): void;
}

/**
 * Where a call's time went, filled in by the gateway for whoever asked (the API's overhead header):
 * `upstreamMs` is the time spent waiting on the agent — inside the adapter (its requests and answers)
 * and in the backoff pauses between retries. The caller's total minus this is the gateway's own time.
 */
export interface CallTiming {
  upstreamMs: number;
}

const NOT_TIMED = () => undefined;

/** Start counting upstream time; the returned function adds the time elapsed since, once. */
export function upstreamTimer(timing: CallTiming | undefined): () => void {
  if (!timing) return NOT_TIMED;
  const started = performance.now();
  let counted = false;
  return () => {
    if (counted) return;
    counted = true;
    timing.upstreamMs += performance.now() - started;
  };
}
