import type { SendMessageRequest, SendMessageResponse, StreamEvent, Task } from '../../types/a2a.schemas';
import type { AdapterContext } from '../provider-adapter';

/** One call through a channel: the call's context (its fetch, signal) and the headers it adds. */
export interface A2ACall {
  ctx: AdapterContext;
  /** Per-call headers besides the protocol's own (a platform's session header). */
  headers?: Record<string, string>;
}

/**
 * How the A2A adapter reaches one agent, in the gateway's v1.0 JSON whatever the agent speaks: JSON-RPC
 * (v1.0 or v0.3) by the gateway's own client, HTTP+JSON through the official SDK.
 */
export interface A2AChannel {
  send(call: A2ACall, request: SendMessageRequest): Promise<SendMessageResponse>;
  stream(call: A2ACall, request: SendMessageRequest): AsyncIterable<StreamEvent>;
  getTask(call: A2ACall, taskId: string, historyLength?: number): Promise<Task>;
  cancelTask(call: A2ACall, taskId: string): Promise<Task>;
  subscribe(call: A2ACall, taskId: string): AsyncIterable<StreamEvent>;
}
