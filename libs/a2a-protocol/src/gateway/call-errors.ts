import { A2AError, A2AErrorCode } from '../errors/a2a-error';
import type { InvocationOutcome } from './ports';

/** Anything thrown below the gateway, as an A2AError (the first one in the cause chain, else a protocol error). */
export function toA2AError(error: unknown, agentName: string): A2AError {
  for (let e: unknown = error, i = 0; e && i < 6; e = (e as { cause?: unknown }).cause, i++) {
    if (e instanceof A2AError) return e;
  }
  const message = error instanceof Error ? error.message : String(error);
  return new A2AError(
    A2AErrorCode.ProtocolError,
    `Agent "${agentName}" answered something the gateway cannot read: ${message}`,
    {
      agentName,
    },
  );
}

/** What ended an attempt: the adapter's error, or why its signal aborted (timeout, caller gone) if it threw something else. */
export function attemptError(thrown: unknown, signal: AbortSignal, agentName: string): A2AError {
  return toA2AError(signal.aborted && !A2AError.is(thrown) ? signal.reason : thrown, agentName);
}

/** Errors that say the agent (not the caller or our config) is in trouble: they move the breaker. */
export function countsAgainstAgent(error: A2AError): boolean {
  switch (error.code) {
    case A2AErrorCode.Timeout:
    case A2AErrorCode.ConnectionError:
    case A2AErrorCode.ProtocolError:
    case A2AErrorCode.ResponseTooLarge:
      return true;
    case A2AErrorCode.UpstreamError:
      return (error.details.status ?? 500) >= 500;
    default:
      return false;
  }
}

/**
 * Why a call ended as CANCELED on the caller's side: the caller went away (its signal aborted, or it stopped
 * reading a stream it had started to receive), closed a stream early (the reason the agent's request is
 * aborted with), or stopped waiting for a task to settle.
 */
export type CancelCause = 'caller-left' | 'stream-closed' | 'stopped-waiting';

/** The one way the gateway builds CANCELED for a call its caller ended; `taskId` for 'stopped-waiting'. */
export function callCanceled(agentName: string, cause: CancelCause, taskId?: string): A2AError {
  switch (cause) {
    case 'caller-left':
      return new A2AError(A2AErrorCode.Canceled, `The caller canceled the call to "${agentName}"`, {
        agentName,
      });
    case 'stream-closed':
      return new A2AError(A2AErrorCode.Canceled, 'Stream closed by the caller', { agentName });
    case 'stopped-waiting':
      return new A2AError(A2AErrorCode.Canceled, `The caller stopped waiting for task ${taskId}`, {
        agentName,
        taskId,
      });
    default:
      return cause satisfies never;
  }
}

/**
 * The outcome of a call the gateway refused before the agent with this error: its own rate limit, circuit
 * and budget have outcomes of their own; any other refusal of a known agent (disabled, a task that is not the
 * caller's, a store that failed) is `rejected`. Every code is listed, so a new one is placed here on purpose.
 */
export function refusalOutcome(error: A2AError): InvocationOutcome {
  switch (error.code) {
    case A2AErrorCode.RateLimitExceeded:
      return 'rate_limited';
    case A2AErrorCode.AgentUnavailable:
      return 'circuit_open';
    case A2AErrorCode.BudgetExceeded:
      return 'budget_exceeded';
    case A2AErrorCode.Canceled:
      return 'canceled';
    case A2AErrorCode.AgentNotFound:
    case A2AErrorCode.AgentDisabled:
    case A2AErrorCode.Timeout:
    case A2AErrorCode.AuthenticationError:
    case A2AErrorCode.UpstreamError:
    case A2AErrorCode.ConnectionError:
    case A2AErrorCode.ProtocolError:
    case A2AErrorCode.ResponseTooLarge:
    case A2AErrorCode.AgentError:
    case A2AErrorCode.TaskNotFound:
    case A2AErrorCode.TaskNotCancelable:
    case A2AErrorCode.UnsupportedOperation:
    case A2AErrorCode.PushNotificationNotSupported:
    case A2AErrorCode.ExtendedCardNotConfigured:
    case A2AErrorCode.InvalidRequest:
    case A2AErrorCode.OutboundUrlNotAllowed:
      return 'rejected';
    default:
      return error.code satisfies never;
  }
}
