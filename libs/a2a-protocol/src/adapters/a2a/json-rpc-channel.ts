import {
  SendMessageResponseSchema,
  StreamEventSchema,
  TaskSchema,
  type SendMessageRequest,
  type SendMessageResponse,
  type StreamEvent,
  type Task,
} from '../../types/a2a.schemas';
import { METHOD_NAMES, type V03MethodName } from '../../versions/method-names';
import { A2A_VERSION_HEADER } from '../../versions/protocol-versions';
import {
  fromV03SendResult,
  fromV03StreamEvent,
  fromV03Task,
  toV03SendParams,
} from '../../versions/v03-translate';
import { V03SendResultSchema, V03StreamEventSchema, V03TaskSchema } from '../../versions/v03.schemas';
import { rpcCall, rpcStream, type RpcDialect, type RpcPlan } from '../common/json-rpc';
import type { A2ACall, A2AChannel } from './a2a-channel';

/** An agent's JSON-RPC interface, as its card declares it. */
export interface JsonRpcEndpoint {
  url: string;
  dialect: RpcDialect;
  /** The interface's tenant (v1.0), sent in the params of every call. */
  tenant?: string;
  /** The card's `capabilities.streaming`: without it a stream is one SendMessage, answered as one event. */
  streaming: boolean;
}

/**
 * A2A over JSON-RPC, spoken by the gateway itself: the v1.0 JSON of the call becomes the request body as
 * it is (v1.0) or through the pure v0.3 translators, the answer is parsed once and checked by the lib's
 * schemas. Sends what an @a2a-js/sdk client sends: `A2A-Version` of the dialect on every call.
 */
export class JsonRpcChannel implements A2AChannel {
  constructor(private readonly endpoint: JsonRpcEndpoint) {}

  async send(call: A2ACall, request: SendMessageRequest): Promise<SendMessageResponse> {
    if (this.legacy)
      return fromV03SendResult(
        await rpcCall(
          call.ctx,
          this.plan(call, 'message/send', toV03SendParams(request), V03SendResultSchema),
        ),
      );
    return rpcCall(
      call.ctx,
      this.plan(call, 'message/send', this.tenanted(request), SendMessageResponseSchema),
    );
  }

  async *stream(call: A2ACall, request: SendMessageRequest): AsyncIterable<StreamEvent> {
    if (!this.endpoint.streaming) {
      yield await this.send(call, request);
      return;
    }
    if (this.legacy) {
      const plan = this.plan(call, 'message/stream', toV03SendParams(request), V03StreamEventSchema);
      for await (const event of rpcStream(call.ctx, plan)) yield fromV03StreamEvent(event);
      return;
    }
    yield* rpcStream(call.ctx, this.plan(call, 'message/stream', this.tenanted(request), StreamEventSchema));
  }

  async getTask(call: A2ACall, taskId: string, historyLength?: number): Promise<Task> {
    const params = { id: taskId, ...(historyLength !== undefined ? { historyLength } : {}) };
    if (this.legacy)
      return fromV03Task(await rpcCall(call.ctx, this.plan(call, 'tasks/get', params, V03TaskSchema)));
    return rpcCall(call.ctx, this.plan(call, 'tasks/get', this.tenanted(params), TaskSchema));
  }

  async cancelTask(call: A2ACall, taskId: string): Promise<Task> {
    if (this.legacy)
      return fromV03Task(
        await rpcCall(call.ctx, this.plan(call, 'tasks/cancel', { id: taskId }, V03TaskSchema)),
      );
    return rpcCall(call.ctx, this.plan(call, 'tasks/cancel', this.tenanted({ id: taskId }), TaskSchema));
  }

  async *subscribe(call: A2ACall, taskId: string): AsyncIterable<StreamEvent> {
    if (this.legacy) {
      const plan = this.plan(call, 'tasks/resubscribe', { id: taskId }, V03StreamEventSchema);
      for await (const event of rpcStream(call.ctx, plan)) yield fromV03StreamEvent(event);
      return;
    }
    yield* rpcStream(
      call.ctx,
      this.plan(call, 'tasks/resubscribe', this.tenanted({ id: taskId }), StreamEventSchema),
    );
  }

  private get legacy(): boolean {
    return this.endpoint.dialect === '0.3';
  }

  /** v1.0 params name the interface's tenant, as the SDK's tenant decorator adds it. */
  private tenanted<P extends object>(params: P): P {
    return this.endpoint.tenant ? { ...params, tenant: this.endpoint.tenant } : params;
  }

  /** A request in the endpoint's dialect; `method` is the v0.3 name, the v1.0 one is looked up. */
  private plan<T>(
    call: A2ACall,
    method: V03MethodName,
    params: unknown,
    result: RpcPlan<T>['result'],
  ): RpcPlan<T> {
    const { url, dialect } = this.endpoint;
    return {
      url,
      method: this.legacy ? method : METHOD_NAMES[method],
      params,
      result,
      dialect,
      headers: { ...call.headers, [A2A_VERSION_HEADER]: dialect },
    };
  }
}
