import { Injectable } from '@nestjs/common';
import {
  A2AError,
  A2AErrorCode,
  CancelTaskRequestSchema,
  fromV03SendParams,
  GetTaskRequestSchema,
  SendMessageRequestSchema,
  SubscribeToTaskRequestSchema,
  toV03SendResult,
  toV03StreamEvent,
  toV03Task,
  V03MessageSendParamsSchema,
  V03TaskIdParamsSchema,
  V03TaskQueryParamsSchema,
  type SendMessageRequest,
  type StreamEvent,
  type V10MethodName,
} from '@switchboard/a2a-protocol';
import type { CallOptions } from '@switchboard/a2a-protocol/gateway';
import type { z } from 'zod';
import { InvocationService } from '../invocation.service';
import type { A2ADialect } from './utils/from-a2a-error-to-json-rpc.util';

/** Every method of the A2A JSON-RPC binding, by its v1.0 name (`ListTasks` has no v0.3 name). */
export type A2AMethod = V10MethodName | 'ListTasks';

/** What a call answers: one result, or a stream of results (sent as SSE), in the caller's dialect. */
export type RpcAnswer = { result: unknown } | { events: AsyncIterable<unknown> };

/** `params` checked against the method's schema; a mismatch is the caller's mistake, naming the field. */
function paramsOf<T>(schema: z.ZodType<T>, params: unknown): T {
  const parsed = schema.safeParse(params);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({
    path: ['params', ...i.path.map(String)].join('.'),
    message: i.message,
  }));
  const first = issues[0];
  throw new A2AError(A2AErrorCode.InvalidRequest, `Invalid params: ${first.path}: ${first.message}`, {
    issues,
  });
}

async function* mapEvents<T>(
  events: AsyncIterable<StreamEvent>,
  to: (e: StreamEvent) => T,
): AsyncGenerator<T> {
  for await (const event of events) yield to(event);
}

/**
 * The A2A JSON-RPC methods of one agent behind the gateway, for v1.0 and v0.3 callers: params are checked once
 * with the lib's zod schemas and handed to the gateway pipeline in its one (v1.0) shape; answers go back
 * translated to the caller's generation. Failures are thrown as A2AError; the door renders them.
 */
@Injectable()
export class A2AJsonRpcHandler {
  constructor(private readonly invocation: InvocationService) {}

  async run(
    agent: string,
    method: A2AMethod,
    params: unknown,
    dialect: A2ADialect,
    options: CallOptions,
  ): Promise<RpcAnswer> {
    const gateway = this.invocation.gateway;
    const v03 = dialect === '0.3';
    switch (method) {
      case 'SendMessage': {
        const result = await gateway.send(agent, this.sendRequest(params, dialect), options);
        return { result: v03 ? toV03SendResult(result) : result };
      }
      case 'SendStreamingMessage': {
        const events = gateway.sendMessageStream(agent, this.sendRequest(params, dialect), options);
        return { events: v03 ? mapEvents(events, toV03StreamEvent) : events };
      }
      case 'GetTask': {
        const { id, historyLength } = paramsOf(v03 ? V03TaskQueryParamsSchema : GetTaskRequestSchema, params);
        const task = await gateway.getTask(agent, id, { ...options, historyLength });
        return { result: v03 ? toV03Task(task) : task };
      }
      case 'CancelTask': {
        const { id } = paramsOf(v03 ? V03TaskIdParamsSchema : CancelTaskRequestSchema, params);
        const task = await gateway.cancelTask(agent, id, options);
        return { result: v03 ? toV03Task(task) : task };
      }
      case 'SubscribeToTask': {
        const { id } = paramsOf(v03 ? V03TaskIdParamsSchema : SubscribeToTaskRequestSchema, params);
        const events = gateway.subscribeToTask(agent, id, options);
        return { events: v03 ? mapEvents(events, toV03StreamEvent) : events };
      }
      case 'ListTasks':
        throw new A2AError(
          A2AErrorCode.UnsupportedOperation,
          'ListTasks is not offered through the gateway yet',
          {
            agentName: agent,
          },
        );
      case 'CreateTaskPushNotificationConfig':
      case 'GetTaskPushNotificationConfig':
      case 'ListTaskPushNotificationConfigs':
      case 'DeleteTaskPushNotificationConfig':
        throw new A2AError(
          A2AErrorCode.PushNotificationNotSupported,
          'Push notifications are not offered through the gateway; stream (SendStreamingMessage) or poll (GetTask)',
          { agentName: agent },
        );
      case 'GetExtendedAgentCard':
        throw new A2AError(
          A2AErrorCode.ExtendedCardNotConfigured,
          'The gateway serves no extended agent card for this agent',
          { agentName: agent },
        );
      default:
        return method satisfies never;
    }
  }

  private sendRequest(params: unknown, dialect: A2ADialect): SendMessageRequest {
    return dialect === '0.3'
      ? fromV03SendParams(paramsOf(V03MessageSendParamsSchema, params))
      : paramsOf(SendMessageRequestSchema, params);
  }
}
