import type { CallTiming } from '@switchboard/a2a-protocol/gateway';
import type { IncomingMessage } from 'node:http';

/** Milliseconds the gateway itself spent on a call: handling time minus the wait on the agent. */
export const OVERHEAD_HEADER = 'x-switchboard-overhead-ms';

const ARRIVED_AT = Symbol('switchboard.arrivedAt');
const TIMING = Symbol('switchboard.callTiming');
type Timed = IncomingMessage & { [ARRIVED_AT]?: number; [TIMING]?: CallTiming };

/**
 * The timing of the gateway call(s) a request makes: the gateway adds its wait on the agent to it, and
 * the request's answer carries the difference as X-Switchboard-Overhead-Ms.
 */
export function callTimingOf(req: IncomingMessage): CallTiming {
  const timed = req as Timed;
  return (timed[TIMING] ??= { upstreamMs: 0 });
}

/** The overhead of a timed request so far, as the header's value; undefined when it made no gateway call. */
export function overheadMs(req: IncomingMessage): string | undefined {
  const timed = req as Timed;
  const timing = timed[TIMING];
  const arrivedAt = timed[ARRIVED_AT];
  if (!timing || arrivedAt === undefined) return undefined;
  return Math.max(0, performance.now() - arrivedAt - timing.upstreamMs).toFixed(2);
}

/** Notes when a request arrived (see request-hooks): its answer's overhead is counted from here. */
export function noteArrival(req: IncomingMessage): void {
  (req as Timed)[ARRIVED_AT] = performance.now();
}
