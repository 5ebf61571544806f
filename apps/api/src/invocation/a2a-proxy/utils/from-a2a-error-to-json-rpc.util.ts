import {
  A2A_ERROR_DOMAIN,
  A2AError,
  GATEWAY_ERROR_DOMAIN,
  factsOf,
  JSON_RPC_ERROR_CODES,
  jsonRpcErrorOf,
  type A2AProtocolVersion,
  type AgentRpcError,
  type JsonRpcErrorObject,
} from '@switchboard/a2a-protocol';
import { DependencyUnavailableException } from '../../../common/errors/dependency.exception';

/** The A2A generation a caller speaks: its errors' `data` follows that generation's conventions. */
export type A2ADialect = A2AProtocolVersion;

const ERROR_INFO = 'type.googleapis.com/google.rpc.ErrorInfo';
const RETRY_INFO = 'type.googleapis.com/google.rpc.RetryInfo';
const BAD_REQUEST = 'type.googleapis.com/google.rpc.BadRequest';
const STRUCT = 'type.googleapis.com/google.protobuf.Struct';

/** The ErrorInfo reason of each code the spec names (for a v0.3 agent's error shown to a v1.0 caller). */
const SPEC_REASONS: Partial<Record<number, string>> = {
  [JSON_RPC_ERROR_CODES.INVALID_PARAMS]: 'INVALID_PARAMS',
  [JSON_RPC_ERROR_CODES.TASK_NOT_FOUND]: 'TASK_NOT_FOUND',
  [JSON_RPC_ERROR_CODES.TASK_NOT_CANCELABLE]: 'TASK_NOT_CANCELABLE',
  [JSON_RPC_ERROR_CODES.PUSH_NOTIFICATION_NOT_SUPPORTED]: 'PUSH_NOTIFICATION_NOT_SUPPORTED',
  [JSON_RPC_ERROR_CODES.UNSUPPORTED_OPERATION]: 'UNSUPPORTED_OPERATION',
  [JSON_RPC_ERROR_CODES.CONTENT_TYPE_NOT_SUPPORTED]: 'CONTENT_TYPE_NOT_SUPPORTED',
  [JSON_RPC_ERROR_CODES.INVALID_AGENT_RESPONSE]: 'INVALID_AGENT_RESPONSE',
  [JSON_RPC_ERROR_CODES.EXTENDED_AGENT_CARD_NOT_CONFIGURED]: 'EXTENDED_AGENT_CARD_NOT_CONFIGURED',
  [JSON_RPC_ERROR_CODES.EXTENSION_SUPPORT_REQUIRED]: 'EXTENSION_SUPPORT_REQUIRED',
  [JSON_RPC_ERROR_CODES.VERSION_NOT_SUPPORTED]: 'VERSION_NOT_SUPPORTED',
};

/** Field violations of a validation error (InvalidRequest built from zod issues). */
const issuesOf = (error: A2AError) =>
  Array.isArray(error.details.issues) ? (error.details.issues as { path: string; message: string }[]) : [];

/**
 * An agent's own JSON-RPC error, unchanged: code, message and `data`. Only a v1.0 caller of a v0.3 agent gets
 * `data` rewrapped, as v1.0 details (the spec's ErrorInfo for the code, the v0.3 data as a Struct).
 */
function agentError(rpc: AgentRpcError, dialect: A2ADialect): JsonRpcErrorObject {
  if (dialect === '0.3' || rpc.dialect === '1.0')
    return { code: rpc.code, message: rpc.message, ...(rpc.data !== undefined ? { data: rpc.data } : {}) };
  const reason = SPEC_REASONS[rpc.code];
  const data = [
    ...(reason ? [{ '@type': ERROR_INFO, reason, domain: A2A_ERROR_DOMAIN }] : []),
    ...(rpc.data !== undefined ? [{ '@type': STRUCT, value: rpc.data }] : []),
  ];
  return { code: rpc.code, message: rpc.message, ...(data.length ? { data } : {}) };
}

/**
 * Anything a call through the A2A door threw, as the JSON-RPC error its caller gets. An agent's own error
 * passes through; the gateway's errors keep the spec's codes where the spec names them and say what happened
 * in machine-readable form — v1.0: `google.rpc` details (ErrorInfo with reason and facts, RetryInfo when
 * retrying later helps, BadRequest naming bad fields); v0.3: an object `{ code, …facts }`. Anything else is an
 * internal error with no detail (the caller logs it).
 */
export function toJsonRpcError(error: unknown, dialect: A2ADialect): JsonRpcErrorObject {
  if (error instanceof DependencyUnavailableException) return outageError(error, dialect);
  if (!(error instanceof A2AError))
    return { code: JSON_RPC_ERROR_CODES.INTERNAL_ERROR, message: 'Internal error' };
  if (error.details.rpcError) return agentError(error.details.rpcError, dialect);
  const kind = jsonRpcErrorOf(error.code);
  const facts = factsOf(error);
  const issues = issuesOf(error);
  if (dialect === '0.3') {
    return {
      code: kind.code,
      message: error.message,
      data: { code: error.code, ...facts, ...(issues.length ? { issues } : {}) },
    };
  }
  const metadata = Object.fromEntries(Object.entries(facts).map(([k, v]) => [k, String(v)]));
  const data: unknown[] = [
    {
      '@type': ERROR_INFO,
      reason: kind.reason,
      domain: kind.domain,
      ...(Object.keys(metadata).length ? { metadata } : {}),
    },
  ];
  if (facts.retryAfterMs !== undefined)
    data.push({ '@type': RETRY_INFO, retryDelay: `${(Number(facts.retryAfterMs) / 1000).toFixed(3)}s` });
  if (issues.length)
    data.push({
      '@type': BAD_REQUEST,
      fieldViolations: issues.map((i) => ({ field: i.path, description: i.message })),
    });
  return { code: kind.code, message: error.message, data };
}

/**
 * A dependency of the gateway is away (DATABASE_UNAVAILABLE, REDIS_UNAVAILABLE): Internal error, with the
 * dependency's code as the reason and when to retry — v1.0 as ErrorInfo + RetryInfo, v0.3 as `data`.
 */
function outageError(error: DependencyUnavailableException, dialect: A2ADialect): JsonRpcErrorObject {
  const code = JSON_RPC_ERROR_CODES.INTERNAL_ERROR;
  if (dialect === '0.3')
    return { code, message: error.message, data: { code: error.code, retryAfterMs: error.retryAfterMs } };
  return {
    code,
    message: error.message,
    data: [
      { '@type': ERROR_INFO, reason: error.code, domain: GATEWAY_ERROR_DOMAIN },
      { '@type': RETRY_INFO, retryDelay: `${(error.retryAfterMs / 1000).toFixed(3)}s` },
    ],
  };
}
