import { A2AError, A2AErrorCode, fromAgentRpcCode } from '../../errors/a2a-error';
import { JSON_RPC_ERROR_CODES } from '../../errors/error-codes';
import type { AgentSpec } from '../../gateway/agent-config';
import { AGENT_PROVIDER_LABELS } from '../providers';

// How a failed call to an A2A agent becomes the gateway's typed error, whichever channel made it (the
// gateway's JSON-RPC client or the SDK's). Apart from sdk-channel.ts so that the SDK is loaded only for the
// agents that need it.

/** Where the SDK left the reason for an error: on it, or on an error it wraps (SSE error events). */
function sdkReason(error: unknown): { reason?: string; envelopeCode?: number; message: string } | undefined {
  for (
    let e = error as Record<string, unknown> | undefined, i = 0;
    e && i < 5;
    e = e.cause as typeof e, i++
  ) {
    if (typeof e.reason === 'string' || typeof e.envelopeCode === 'number') {
      return {
        reason: e.reason as string | undefined,
        envelopeCode: e.envelopeCode as number | undefined,
        message: String(e.message),
      };
    }
  }
  return undefined;
}

/**
 * The JSON-RPC code of an SDK error: its envelope's, or the one its reason (`google.rpc.ErrorInfo`, named
 * as the A2A codes are) stands for.
 */
function rpcCodeOf(sdk: { reason?: string; envelopeCode?: number }): number | undefined {
  if (sdk.envelopeCode !== undefined) return sdk.envelopeCode;
  return sdk.reason && Object.hasOwn(JSON_RPC_ERROR_CODES, sdk.reason)
    ? JSON_RPC_ERROR_CODES[sdk.reason as keyof typeof JSON_RPC_ERROR_CODES]
    : undefined;
}

/**
 * Any failure of a call as the gateway's typed error: the call's own abort reason (timeout), an A2AError
 * as it is (from OutboundHttp, or the gateway's JSON-RPC client), an SDK error by its reason or HTTP status.
 */
export function fromCallError(error: unknown, agent: AgentSpec, signal: AbortSignal): A2AError {
  if (signal.aborted && A2AError.is(signal.reason)) return signal.reason;
  for (let e: unknown = error, i = 0; e && i < 6; e = (e as { cause?: unknown }).cause, i++) {
    if (e instanceof A2AError) return e;
  }
  const agentName = agent.name;
  // Agents hosted by a platform (Bedrock AgentCore, …) are named with it.
  const named =
    agent.provider === 'a2a'
      ? `Agent "${agentName}"`
      : `Agent "${agentName}" (${AGENT_PROVIDER_LABELS[agent.provider]})`;
  const sdk = sdkReason(error);
  if (sdk) {
    const code = fromAgentRpcCode(rpcCodeOf(sdk));
    return code === A2AErrorCode.AgentError
      ? new A2AError(code, `${named} returned an error: ${sdk.message}`, {
          agentName,
          rpcCode: sdk.envelopeCode,
          reason: sdk.reason,
        })
      : new A2AError(code, `${named}: ${sdk.message}`, { agentName, rpcCode: sdk.envelopeCode });
  }
  const message = error instanceof Error ? error.message : String(error);
  const status = /Status: (\d{3})/.exec(message);
  if (status) {
    const code = Number(status[1]);
    return new A2AError(A2AErrorCode.UpstreamError, `${named} answered HTTP ${code}`, {
      agentName,
      status: code,
      retryable: code === 502 || code === 503 || code === 504,
    });
  }
  return new A2AError(
    A2AErrorCode.ProtocolError,
    `${named} answered something that is not valid A2A (${message})`,
    { agentName },
  );
}
