import type { A2AProtocolVersion } from '../versions/protocol-versions';
import { JSON_RPC_ERROR_CODES, type JsonRpcErrorCode } from './error-codes';

/** Everything that can go wrong calling an agent through the gateway (litellm-rs's A2AError, extended). */
export enum A2AErrorCode {
  AgentNotFound = 'AGENT_NOT_FOUND',
  AgentDisabled = 'AGENT_DISABLED',
  /** The circuit breaker is open: recent calls failed, the gateway is not calling the agent for a while. */
  AgentUnavailable = 'AGENT_UNAVAILABLE',
  Timeout = 'TIMEOUT',
  RateLimitExceeded = 'RATE_LIMIT_EXCEEDED',
  /** The agent's spending budget for the day or month is used up. */
  BudgetExceeded = 'BUDGET_EXCEEDED',
  /** The agent refused our credentials (401/403), or the gateway could not obtain a token for it. */
  AuthenticationError = 'AUTHENTICATION_ERROR',
  /** The agent answered with an HTTP error status. */
  UpstreamError = 'UPSTREAM_ERROR',
  /** The agent could not be reached (refused, reset, DNS). */
  ConnectionError = 'CONNECTION_ERROR',
  /** The agent answered something that is not valid A2A (bad JSON, wrong shape). */
  ProtocolError = 'PROTOCOL_ERROR',
  ResponseTooLarge = 'RESPONSE_TOO_LARGE',
  /** The agent answered a JSON-RPC error that has no more specific code here. */
  AgentError = 'AGENT_ERROR',
  TaskNotFound = 'TASK_NOT_FOUND',
  TaskNotCancelable = 'TASK_NOT_CANCELABLE',
  UnsupportedOperation = 'UNSUPPORTED_OPERATION',
  /** Push notification configs are asked for where none are offered. */
  PushNotificationNotSupported = 'PUSH_NOTIFICATION_NOT_SUPPORTED',
  /** The authenticated extended agent card is asked for where none is offered. */
  ExtendedCardNotConfigured = 'EXTENDED_AGENT_CARD_NOT_CONFIGURED',
  InvalidRequest = 'INVALID_REQUEST',
  /** The outbound URL is refused by the SSRF policy. */
  OutboundUrlNotAllowed = 'OUTBOUND_URL_NOT_ALLOWED',
  /** The caller went away (aborted) before the agent answered. */
  Canceled = 'CANCELED',
}

export interface A2AErrorDetails {
  agentName?: string;
  timeoutMs?: number;
  retryAfterMs?: number;
  status?: number;
  taskId?: string;
  /** The agent's own JSON-RPC error code, when it sent one. */
  rpcCode?: number;
  /**
   * The agent's own JSON-RPC error, exactly as it sent it (code, message, data), in v1.0 terms: a v0.3
   * agent's error keeps its code and message (the numbers are the same in both versions) and its `data`.
   * Front doors that speak JSON-RPC answer with it unchanged instead of the gateway's own mapping.
   */
  rpcError?: AgentRpcError;
  [key: string]: unknown;
}

/** A JSON-RPC error object an agent answered, kept verbatim. */
export interface AgentRpcError {
  code: number;
  message: string;
  data?: unknown;
  /** The dialect the agent spoke: `data` follows that version's conventions (v1.0: an array of typed details). */
  dialect: A2AProtocolVersion;
}

/** The one typed error of the gateway core. Transports map `code` to their own status in one place each. */
export class A2AError extends Error {
  constructor(
    readonly code: A2AErrorCode,
    message: string,
    readonly details: A2AErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'A2AError';
  }

  get agentName(): string | undefined {
    return this.details.agentName;
  }

  static agentNotFound(agentName: string) {
    return new A2AError(A2AErrorCode.AgentNotFound, `No agent named "${agentName}"`, { agentName });
  }
  static agentDisabled(agentName: string) {
    return new A2AError(
      A2AErrorCode.AgentDisabled,
      `Agent "${agentName}" is disabled; enable it to call it`,
      {
        agentName,
      },
    );
  }
  static timeout(agentName: string, timeoutMs: number) {
    return new A2AError(A2AErrorCode.Timeout, `Agent "${agentName}" did not answer within ${timeoutMs} ms`, {
      agentName,
      timeoutMs,
    });
  }
  static rateLimited(agentName: string, retryAfterMs: number) {
    return new A2AError(
      A2AErrorCode.RateLimitExceeded,
      `Rate limit for agent "${agentName}" exceeded; retry in ${Math.ceil(retryAfterMs / 1000)} s`,
      { agentName, retryAfterMs },
    );
  }
  static is(error: unknown, code?: A2AErrorCode): error is A2AError {
    return error instanceof A2AError && (code === undefined || error.code === code);
  }
}

/** What a caller may act on in a gateway error: who, which task, when to retry, what limit — flat and plain. */
export interface A2AErrorFacts {
  agent?: string;
  taskId?: string;
  retryAfterMs?: number;
  timeoutMs?: number;
  upstreamStatus?: number;
  period?: string;
  spent?: number;
  limit?: number;
}

/** The caller-facing facts of an error (never its cause chain, credentials or the agent's URL). */
export function factsOf(error: A2AError): A2AErrorFacts {
  const d = error.details;
  const facts: A2AErrorFacts = {};
  if (d.agentName) facts.agent = d.agentName;
  if (d.taskId) facts.taskId = d.taskId;
  if (typeof d.retryAfterMs === 'number') facts.retryAfterMs = Math.max(0, Math.ceil(d.retryAfterMs));
  if (typeof d.timeoutMs === 'number') facts.timeoutMs = d.timeoutMs;
  if (typeof d.status === 'number') facts.upstreamStatus = d.status;
  if (typeof d.period === 'string') facts.period = d.period;
  if (typeof d.spent === 'number') facts.spent = d.spent;
  if (typeof d.limit === 'number') facts.limit = d.limit;
  return facts;
}

/** Where an A2A JSON-RPC error's reason is defined: the A2A spec, or the gateway (its own refusals). */
export const A2A_ERROR_DOMAIN = 'a2a-protocol.org';
export const GATEWAY_ERROR_DOMAIN = 'switchboard';

/** How an A2A server answers a gateway error: the JSON-RPC code, and the `google.rpc.ErrorInfo` reason and domain. */
export interface JsonRpcErrorKind {
  code: JsonRpcErrorCode;
  reason: string;
  domain: typeof A2A_ERROR_DOMAIN | typeof GATEWAY_ERROR_DOMAIN;
}

const spec = (code: JsonRpcErrorCode, reason: string): JsonRpcErrorKind => ({
  code,
  reason,
  domain: A2A_ERROR_DOMAIN,
});
/** The gateway's own refusals and the agent's failures: Internal error, with the gateway's code as the reason. */
const gateway = (reason: A2AErrorCode): JsonRpcErrorKind => ({
  code: JSON_RPC_ERROR_CODES.INTERNAL_ERROR,
  reason,
  domain: GATEWAY_ERROR_DOMAIN,
});

/**
 * The JSON-RPC error of every gateway error, as an A2A server answers it (spec §5.4, ErrorInfo reasons of
 * §11.6). Errors the spec names keep its code and reason, so SDK clients get their typed errors; the rest are
 * -32603 with the gateway's own code as the reason (machine-readable: rate limited, timed out, …).
 */
export function jsonRpcErrorOf(code: A2AErrorCode): JsonRpcErrorKind {
  switch (code) {
    case A2AErrorCode.TaskNotFound:
      return spec(JSON_RPC_ERROR_CODES.TASK_NOT_FOUND, 'TASK_NOT_FOUND');
    case A2AErrorCode.TaskNotCancelable:
      return spec(JSON_RPC_ERROR_CODES.TASK_NOT_CANCELABLE, 'TASK_NOT_CANCELABLE');
    case A2AErrorCode.UnsupportedOperation:
      return spec(JSON_RPC_ERROR_CODES.UNSUPPORTED_OPERATION, 'UNSUPPORTED_OPERATION');
    case A2AErrorCode.PushNotificationNotSupported:
      return spec(JSON_RPC_ERROR_CODES.PUSH_NOTIFICATION_NOT_SUPPORTED, 'PUSH_NOTIFICATION_NOT_SUPPORTED');
    case A2AErrorCode.ExtendedCardNotConfigured:
      return spec(
        JSON_RPC_ERROR_CODES.EXTENDED_AGENT_CARD_NOT_CONFIGURED,
        'EXTENDED_AGENT_CARD_NOT_CONFIGURED',
      );
    case A2AErrorCode.InvalidRequest:
      return spec(JSON_RPC_ERROR_CODES.INVALID_PARAMS, 'INVALID_PARAMS');
    case A2AErrorCode.ProtocolError:
    case A2AErrorCode.ResponseTooLarge:
      return spec(JSON_RPC_ERROR_CODES.INVALID_AGENT_RESPONSE, 'INVALID_AGENT_RESPONSE');
    case A2AErrorCode.AgentNotFound:
    case A2AErrorCode.AgentDisabled:
    case A2AErrorCode.AgentUnavailable:
    case A2AErrorCode.Timeout:
    case A2AErrorCode.RateLimitExceeded:
    case A2AErrorCode.BudgetExceeded:
    case A2AErrorCode.AuthenticationError:
    case A2AErrorCode.UpstreamError:
    case A2AErrorCode.ConnectionError:
    case A2AErrorCode.AgentError:
    case A2AErrorCode.OutboundUrlNotAllowed:
    case A2AErrorCode.Canceled:
      return gateway(code);
    default:
      return code satisfies never;
  }
}

/**
 * What an agent's JSON-RPC error code says about the call, in the gateway's terms (any other code, or
 * none, is the agent's own failure).
 */
export function fromAgentRpcCode(rpcCode: number | undefined): A2AErrorCode {
  switch (rpcCode) {
    case JSON_RPC_ERROR_CODES.TASK_NOT_FOUND:
      return A2AErrorCode.TaskNotFound;
    case JSON_RPC_ERROR_CODES.TASK_NOT_CANCELABLE:
      return A2AErrorCode.TaskNotCancelable;
    case JSON_RPC_ERROR_CODES.UNSUPPORTED_OPERATION:
    case JSON_RPC_ERROR_CODES.PUSH_NOTIFICATION_NOT_SUPPORTED:
      return A2AErrorCode.UnsupportedOperation;
    // The request was refused as it was sent (bad params, content the agent does not take): the
    // caller's to change, and no sign that the agent is unwell.
    case JSON_RPC_ERROR_CODES.INVALID_PARAMS:
    case JSON_RPC_ERROR_CODES.INVALID_REQUEST:
    case JSON_RPC_ERROR_CODES.CONTENT_TYPE_NOT_SUPPORTED:
      return A2AErrorCode.InvalidRequest;
    case JSON_RPC_ERROR_CODES.INVALID_AGENT_RESPONSE:
      return A2AErrorCode.ProtocolError;
    default:
      return A2AErrorCode.AgentError;
  }
}
