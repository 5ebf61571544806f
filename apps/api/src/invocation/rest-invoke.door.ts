import { Injectable } from '@nestjs/common';
import type { StreamEvent } from '@switchboard/a2a-protocol';
import { InvokeRequestBodySchema, type InvokeRequest } from '@switchboard/api-contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZodValidationException } from 'nestjs-zod';
import type { Principal } from '../auth/decorators/current-user.decorator';
import { toErrorResponse } from '../common/http/error-response';
import { requestIdOf } from '../common/http/request-id';
import { AgentCalls, type Caller } from './agent-calls.port';
import { clientGone, sendSse, wantsEventStream, type SseFormat } from './sse';
import { toSendRequest } from './utils/from-invoke-request-to-send-request.util';

const EVENT_NAMES: Record<string, string> = {
  task: 'task',
  message: 'message',
  statusUpdate: 'status-update',
  artifactUpdate: 'artifact-update',
};

/** REST SSE: `event: task | message | status-update | artifact-update`, `data:` the A2A v1.0 event. */
const restSse = (request: FastifyRequest): SseFormat<StreamEvent> => ({
  event: (e) => `event: ${EVENT_NAMES[Object.keys(e)[0]]}\ndata: ${JSON.stringify(e)}\n\n`,
  error: (error) => {
    const { body } = toErrorResponse(error);
    return `event: error\ndata: ${JSON.stringify({ ...body, requestId: requestIdOf(request.raw) })}\n\n`;
  },
});

/** The body, checked with the contract's schema: a 400 naming the field, as everywhere in the API. */
function invokeRequestOf(body: unknown): InvokeRequest {
  const parsed = InvokeRequestBodySchema.safeParse(body);
  if (!parsed.success) throw new ZodValidationException(parsed.error);
  return parsed.data;
}

/** Who calls through REST: the signed-in user, for as long as its client stays, with the body's interaction type. */
const restCaller = (
  principal: Principal,
  input: InvokeRequest,
  request: FastifyRequest,
  signal: AbortSignal,
): Caller => ({ principal, door: 'rest', signal, interactionType: input.interactionType, request });

/**
 * The REST front door's calls: `POST /a2a/:name/invoke` answers the agent's `{ task }` or `{ message }`,
 * `POST /a2a/:name/stream` (or invoke with `Accept: text/event-stream`) its events as SSE. Failures are
 * thrown and rendered by the global error filter (`{ code, message, details?, requestId }`).
 */
@Injectable()
export class RestInvokeDoor {
  constructor(private readonly calls: AgentCalls) {}

  async invoke(name: string, body: unknown, user: Principal, request: FastifyRequest, reply: FastifyReply) {
    if (wantsEventStream(request)) return this.stream(name, body, user, request, reply);
    const input = invokeRequestOf(body);
    const { signal } = clientGone(reply);
    const answer = await this.calls.send(
      name,
      toSendRequest(input),
      restCaller(user, input, request, signal),
    );
    return reply.send(answer);
  }

  async stream(name: string, body: unknown, user: Principal, request: FastifyRequest, reply: FastifyReply) {
    const input = invokeRequestOf(body);
    const { signal, abort } = clientGone(reply);
    const events = this.calls.stream(name, toSendRequest(input), restCaller(user, input, request, signal));
    await sendSse(request, reply, events, abort, restSse(request));
  }
}
