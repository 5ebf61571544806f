import {
  AgentCard,
  Message,
  SendMessageRequest,
  StreamResponse,
  Task,
  type CancelTaskRequest,
  type GetTaskRequest,
  type ListTaskPushNotificationConfigsResponse,
  type ListTasksResponse,
  type SubscribeToTaskRequest,
  type TaskPushNotificationConfig,
} from '@a2a-js/sdk';
import {
  ExtendedAgentCardNotConfiguredError,
  PushNotificationNotSupportedError,
  RequestMalformedError,
  TaskNotCancelableError,
  TaskNotFoundError,
  UnsupportedOperationError,
} from '@a2a-js/sdk/errors';
import type { A2ARequestHandler, ServerCallContext } from '@a2a-js/sdk/server';
import {
  A2AError,
  A2AErrorCode,
  type SendMessageRequest as SendMessageRequestJson,
  type StreamEvent,
} from '@switchboard/a2a-protocol';
import type { A2AGateway, CallOptions } from '@switchboard/a2a-protocol/gateway';

export const CALL_OPTIONS = 'switchboard.callOptions';

/** Our typed errors as the SDK's, so its transport handlers answer with the spec's JSON-RPC codes. */
function toSdkError(error: unknown): Error {
  if (!(error instanceof A2AError)) return error instanceof Error ? error : new Error(String(error));
  switch (error.code) {
    case A2AErrorCode.TaskNotFound:
      return new TaskNotFoundError(error.message);
    case A2AErrorCode.TaskNotCancelable:
      return new TaskNotCancelableError(error.message);
    case A2AErrorCode.UnsupportedOperation:
      return new UnsupportedOperationError(error.message);
    case A2AErrorCode.InvalidRequest:
      return new RequestMalformedError(error.message);
    default:
      // Internal error (-32603) carrying the gateway's message: rate limited, timed out, agent failed…
      return new Error(`${error.code}: ${error.message}`);
  }
}

async function* sdkEvents(
  events: AsyncIterable<StreamEvent>,
): AsyncGenerator<StreamResponse, void, undefined> {
  try {
    for await (const event of events) yield StreamResponse.fromJSON(event);
  } catch (error) {
    throw toSdkError(error);
  }
}

/**
 * The SDK's A2A server request handler, implemented by forwarding into the gateway pipeline for one
 * agent. The SDK transport handlers do the JSON-RPC wire work for v1.0 and v0.3 callers alike.
 */
export class GatewayRequestHandler implements A2ARequestHandler {
  constructor(
    private readonly gateway: A2AGateway,
    private readonly agentName: string,
    private readonly card: AgentCard,
  ) {}

  private options(ctx: ServerCallContext): CallOptions {
    return (ctx.state.get(CALL_OPTIONS) as CallOptions | undefined) ?? {};
  }

  private async run<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw toSdkError(error);
    }
  }

  async getAgentCard(): Promise<AgentCard> {
    return this.card;
  }

  async getAuthenticatedExtendedAgentCard(): Promise<AgentCard> {
    throw new ExtendedAgentCardNotConfiguredError();
  }

  async sendMessage(params: SendMessageRequest, ctx: ServerCallContext): Promise<Message | Task> {
    const request = SendMessageRequest.toJSON(params) as SendMessageRequestJson;
    const result = await this.run(() => this.gateway.send(this.agentName, request, this.options(ctx)));
    return 'task' in result ? Task.fromJSON(result.task) : Message.fromJSON(result.message);
  }

  sendMessageStream(
    params: SendMessageRequest,
    ctx: ServerCallContext,
  ): AsyncGenerator<StreamResponse, void, undefined> {
    const request = SendMessageRequest.toJSON(params) as SendMessageRequestJson;
    return sdkEvents(this.gateway.sendMessageStream(this.agentName, request, this.options(ctx)));
  }

  async getTask(params: GetTaskRequest, ctx: ServerCallContext): Promise<Task> {
    const options = { ...this.options(ctx), historyLength: params.historyLength };
    return Task.fromJSON(await this.run(() => this.gateway.getTask(this.agentName, params.id, options)));
  }

  async cancelTask(params: CancelTaskRequest, ctx: ServerCallContext): Promise<Task> {
    return Task.fromJSON(
      await this.run(() => this.gateway.cancelTask(this.agentName, params.id, this.options(ctx))),
    );
  }

  resubscribe(
    params: SubscribeToTaskRequest,
    ctx: ServerCallContext,
  ): AsyncGenerator<StreamResponse, void, undefined> {
    return sdkEvents(this.gateway.subscribeToTask(this.agentName, params.id, this.options(ctx)));
  }

  async listTasks(): Promise<ListTasksResponse> {
    throw new UnsupportedOperationError('ListTasks is not offered through the gateway; use GET /tasks');
  }
  async createTaskPushNotificationConfig(): Promise<TaskPushNotificationConfig> {
    throw new PushNotificationNotSupportedError();
  }
  async getTaskPushNotificationConfig(): Promise<TaskPushNotificationConfig> {
    throw new PushNotificationNotSupportedError();
  }
  async listTaskPushNotificationConfigs(): Promise<ListTaskPushNotificationConfigsResponse> {
    throw new PushNotificationNotSupportedError();
  }
  async deleteTaskPushNotificationConfig(): Promise<void> {
    throw new PushNotificationNotSupportedError();
  }
}
