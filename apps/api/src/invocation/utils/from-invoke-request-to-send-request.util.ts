import { A2AError, A2AErrorCode, type Message, type SendMessageRequest } from '@switchboard/a2a-protocol';
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
  const textKey = LEGACY_TEXT_KEYS.find((k) => typeof parameters[k] === 'string');
  if (textKey) return { messageId, role: 'ROLE_USER', parts: [{ text: parameters[textKey] as string }] };
  if (Object.keys(parameters).length === 0) {
    throw new A2AError(A2AErrorCode.InvalidRequest, 'parameters: empty; send a message');
  }
  return { messageId, role: 'ROLE_USER', parts: [{ data: parameters, mediaType: 'application/json' }] };
}
