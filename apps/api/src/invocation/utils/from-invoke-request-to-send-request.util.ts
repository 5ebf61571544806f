import {
  A2AError,
  A2AErrorCode,
  fromV03SendParams,
  SendMessageRequestSchema,
  V03MessageSendParamsSchema,
  type Message,
  type SendMessageRequest,
} from '@switchboard/a2a-protocol';
import type { InvokeRequest } from '@switchboard/api-contract';

/** Where the legacy `parameters` body carries the text to send, first match wins. */
const LEGACY_TEXT_KEYS = ['query', 'message', 'text', 'prompt', 'input'] as const;

/** A REST invoke body as an A2A v1.0 SendMessage request. */
export function toSendRequest(body: InvokeRequest): SendMessageRequest {
  const message: Message = messageOf(body);
  if (body.contextId) message.contextId = body.contextId;
  if (body.taskId) message.taskId = body.taskId;
  const metadata = {
    ...body.metadata,
    ...(body.interactionType ? { interactionType: body.interactionType } : {}),
  };
  return {
    message,
    ...(body.configuration ? { configuration: body.configuration } : {}),
    ...(Object.keys(metadata).length ? { metadata } : {}),
  };
}

function messageOf(body: InvokeRequest): Message {
  const messageId = globalThis.crypto.randomUUID();
  if (typeof body.message === 'string')
    return { messageId, role: 'ROLE_USER', parts: [{ text: body.message }] };
  if (body.message)
    return { ...body.message, messageId: body.message.messageId ?? messageId, role: 'ROLE_USER' };
  const parameters = body.parameters ?? {};
  if (isObject(parameters.params) && 'message' in parameters.params)
    return messageInParams(parameters.params);
  const textKey = LEGACY_TEXT_KEYS.find((k) => typeof parameters[k] === 'string');
  if (textKey) return { messageId, role: 'ROLE_USER', parts: [{ text: parameters[textKey] as string }] };
  if (Object.keys(parameters).length === 0) {
    throw new A2AError(A2AErrorCode.InvalidRequest, 'parameters: empty; send a message');
  }
  return { messageId, role: 'ROLE_USER', parts: [{ data: parameters, mediaType: 'application/json' }] };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * ContextForge's JSON-RPC form, `parameters: { method: "message/send", params: { message } }`: the message
 * in A2A v1.0 or v0.3 shape (its `kind: "message"` may be left out, and parts may carry the older `type` in
 * place of `kind`, as ContextForge's examples write them), sent as the caller's.
 */
function messageInParams(params: Record<string, unknown>): Message {
  const v10 = SendMessageRequestSchema.safeParse(params);
  const v03 = v10.success ? undefined : V03MessageSendParamsSchema.safeParse(asV03Params(params));
  const message = v10.success ? v10.data.message : v03?.success ? fromV03SendParams(v03.data).message : null;
  if (!message) {
    throw new A2AError(
      A2AErrorCode.InvalidRequest,
      'parameters.params.message: not an A2A message (v1.0 or v0.3 shape)',
    );
  }
  return { ...message, role: 'ROLE_USER' };
}

function asV03Params(params: Record<string, unknown>): Record<string, unknown> {
  const message = params.message;
  if (!isObject(message)) return params;
  const parts = Array.isArray(message.parts)
    ? message.parts.map((part: unknown) => {
        if (!isObject(part) || 'kind' in part || typeof part.type !== 'string') return part;
        const { type, ...rest } = part;
        return { ...rest, kind: type };
      })
    : message.parts;
  return { ...params, message: { kind: 'message', ...message, parts } };
}
