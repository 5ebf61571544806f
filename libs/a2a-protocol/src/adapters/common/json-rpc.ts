import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { A2AError, A2AErrorCode } from '../../errors/a2a-error';
import { JSON_RPC_ERROR_CODES } from '../../errors/error-codes';
import type { AdapterContext } from '../provider-adapter';
import { eventJson, jsonOf, protocolError, send, sseOf, who } from './provider-response';

// JSON-RPC 2.0 for providers that expose an A2A v0.3-style endpoint of their own without a full A2A card
// (LangGraph's /a2a/{assistant_id}, FastA2A): one call, one SSE stream of envelopes, and the provider's
// JSON-RPC errors as the gateway's typed errors.

interface Envelope {
  jsonrpc?: unknown;
  id?: unknown;
  result?: unknown;
  error?: { code?: unknown; message?: unknown; data?: unknown };
}

/** A JSON-RPC error the provider answered, as the gateway's error naming the agent and the provider. */
export function rpcError(ctx: AdapterContext, error: NonNullable<Envelope['error']>): A2AError {
  const rpcCode = typeof error.code === 'number' ? error.code : undefined;
  const message = typeof error.message === 'string' ? error.message.slice(0, 300) : 'unknown error';
  const details = { agentName: ctx.agent.name, provider: ctx.agent.provider, rpcCode };
  switch (rpcCode) {
    case JSON_RPC_ERROR_CODES.TASK_NOT_FOUND:
      return new A2AError(A2AErrorCode.TaskNotFound, `${who(ctx)}: ${message}`, details);
    case JSON_RPC_ERROR_CODES.TASK_NOT_CANCELABLE:
      return new A2AError(A2AErrorCode.TaskNotCancelable, `${who(ctx)}: ${message}`, details);
    case JSON_RPC_ERROR_CODES.UNSUPPORTED_OPERATION:
    case JSON_RPC_ERROR_CODES.PUSH_NOTIFICATION_NOT_SUPPORTED:
      return new A2AError(A2AErrorCode.UnsupportedOperation, `${who(ctx)}: ${message}`, details);
    case JSON_RPC_ERROR_CODES.CONTENT_TYPE_NOT_SUPPORTED:
      // The caller sent content the agent does not take (e.g. a file part): their request to change.
      return new A2AError(
        A2AErrorCode.InvalidRequest,
        `${who(ctx)} cannot take this message: ${message}`,
        details,
      );
    default:
      return new A2AError(A2AErrorCode.AgentError, `${who(ctx)} returned an error: ${message}`, details);
  }
}

function resultOf<T>(ctx: AdapterContext, envelope: unknown, method: string, schema: z.ZodType<T>): T {
  const body = envelope as Envelope | null;
  if (typeof body !== 'object' || body === null || body.jsonrpc !== '2.0')
    throw protocolError(ctx, `the answer to ${method} is not a JSON-RPC 2.0 response`);
  if (body.error) throw rpcError(ctx, body.error);
  const parsed = schema.safeParse(body.result);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw protocolError(ctx, `the result of ${method} at "${issue.path.join('.')}": ${issue.message}`);
  }
  return parsed.data;
}

const request = (method: string, params: unknown) => ({ jsonrpc: '2.0', id: randomUUID(), method, params });

/** One JSON-RPC call; its `result` checked by `schema`, its `error` thrown as a typed error. */
export async function rpcCall<T>(
  ctx: AdapterContext,
  url: string,
  method: string,
  params: unknown,
  schema: z.ZodType<T>,
): Promise<T> {
  const body = await jsonOf(ctx, await send(ctx, url, { body: request(method, params) }));
  return resultOf(ctx, body, method, schema);
}

/** A streaming JSON-RPC call (`message/stream`): every SSE event is an envelope; its result is yielded. */
export async function* rpcStream<T>(
  ctx: AdapterContext,
  url: string,
  method: string,
  params: unknown,
  schema: z.ZodType<T>,
): AsyncGenerator<T> {
  const response = await send(ctx, url, { body: request(method, params), accept: 'text/event-stream' });
  for await (const event of sseOf(ctx, response)) yield resultOf(ctx, eventJson(ctx, event), method, schema);
}
