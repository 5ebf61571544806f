import {
  AgentCard as SdkAgentCard,
  Message as SdkMessage,
  SendMessageRequest as SdkSendMessageRequest,
  StreamResponse,
  Task as SdkTask,
} from '@a2a-js/sdk';
import {
  ClientFactory,
  DefaultAgentCardResolver,
  JsonRpcTransportFactory,
  RestTransportFactory,
  type Client,
} from '@a2a-js/sdk/client';
import { isLegacyAgentCard, parseLegacyAgentCard } from '@a2a-js/sdk/compat/v0_3/client';
import { A2AError, A2AErrorCode } from '../../errors/a2a-error';
import type {
  AgentCard,
  Message,
  SendMessageRequest,
  SendMessageResponse,
  StreamEvent,
  Task,
} from '../../types/a2a.schemas';
import type { AgentSpec } from '../../gateway/agent-config';
import type { AdapterContext, ProviderAdapter } from '../provider-adapter';
import { AGENT_PROVIDER_LABELS, type AgentProvider } from '../providers';
import { discoverAgentCard } from './card-discovery';

/** An agent's SDK client and card, kept until its configuration changes. */
export interface Connected {
  client: Client;
  /** The agent's card in v1.0 JSON, 0.3 cards translated by the SDK. */
  card: AgentCard;
  protocolVersion: string;
}

/** What one call is about: the conversation, or the task, it belongs to. */
export interface A2ACallScope {
  contextId?: string;
  taskId?: string;
}

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

const scopeOf = (request: SendMessageRequest): A2ACallScope => ({
  contextId: request.message.contextId,
  taskId: request.message.taskId,
});

/** An SDK (or fetch) failure as the gateway's typed error. */
export function fromSdkError(error: unknown, agent: AgentSpec, signal: AbortSignal): A2AError {
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
    switch (sdk.reason) {
      case 'TASK_NOT_FOUND':
        return new A2AError(A2AErrorCode.TaskNotFound, `${named}: ${sdk.message}`, {
          agentName,
          rpcCode: sdk.envelopeCode,
        });
      case 'TASK_NOT_CANCELABLE':
        return new A2AError(A2AErrorCode.TaskNotCancelable, `${named}: ${sdk.message}`, {
          agentName,
          rpcCode: sdk.envelopeCode,
        });
      case 'UNSUPPORTED_OPERATION':
      case 'PUSH_NOTIFICATION_NOT_SUPPORTED':
        return new A2AError(A2AErrorCode.UnsupportedOperation, `${named}: ${sdk.message}`, {
          agentName,
          rpcCode: sdk.envelopeCode,
        });
      case 'INVALID_AGENT_RESPONSE':
        return new A2AError(A2AErrorCode.ProtocolError, `${named}: ${sdk.message}`, {
          agentName,
          rpcCode: sdk.envelopeCode,
        });
      default:
        return new A2AError(A2AErrorCode.AgentError, `${named} returned an error: ${sdk.message}`, {
          agentName,
          rpcCode: sdk.envelopeCode,
          reason: sdk.reason,
        });
    }
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
    {
      agentName,
    },
  );
}

/**
 * A2A agents (v1.0, and v0.3/v0.2 through the SDK's legacy transports), through the official
 * `@a2a-js/sdk` client. The card is fetched by the gateway (so the SSRF policy and credentials apply),
 * then one SDK client per agent is kept until the agent's configuration changes. Platforms that host
 * A2A agents behind their own endpoint (Bedrock AgentCore) extend it: `fetchCard` says where the card
 * is and which endpoint to call, `callHeaders` adds the headers the platform needs per call.
 */
export class A2AAdapter implements ProviderAdapter {
  readonly provider: AgentProvider = 'a2a';
  private readonly connections = new Map<string, Promise<Connected>>();
  /**
   * The fetch of each call in flight, by the call's abort signal. A client is built once, with the first
   * call's context, but the SDK hands each call's signal to its fetch unchanged: so every request goes
   * out through the fetch of the call that made it (that call's trace headers, not the first one's).
   */
  private readonly callFetches = new WeakMap<AbortSignal, AdapterContext['fetch']>();

  forget(agentName: string): void {
    this.connections.delete(agentName);
  }

  async card(ctx: AdapterContext): Promise<AgentCard> {
    return (await this.connect(ctx)).card;
  }

  /** The card read again from the agent (the connection keeps the one it was built from). */
  async healthCheck(ctx: AdapterContext): Promise<void> {
    try {
      await this.fetchCard(ctx);
    } catch (error) {
      throw fromSdkError(error, ctx.agent, ctx.signal);
    }
  }

  async send(ctx: AdapterContext, request: SendMessageRequest): Promise<SendMessageResponse> {
    const { client } = await this.connect(ctx);
    const result = await this.guard(ctx, () =>
      client.sendMessage(SdkSendMessageRequest.fromJSON(request), this.options(ctx, scopeOf(request))),
    );
    return 'id' in result
      ? { task: SdkTask.toJSON(result as SdkTask) as Task }
      : { message: SdkMessage.toJSON(result as SdkMessage) as Message };
  }

  async *stream(ctx: AdapterContext, request: SendMessageRequest): AsyncIterable<StreamEvent> {
    const { client } = await this.connect(ctx);
    yield* this.events(ctx, () =>
      client.sendMessageStream(SdkSendMessageRequest.fromJSON(request), this.options(ctx, scopeOf(request))),
    );
  }

  async getTask(ctx: AdapterContext, taskId: string, historyLength?: number): Promise<Task> {
    const { client } = await this.connect(ctx);
    const task = await this.guard(ctx, () =>
      client.getTask({ tenant: '', id: taskId, historyLength }, this.options(ctx, { taskId })),
    );
    return SdkTask.toJSON(task) as Task;
  }

  async cancelTask(ctx: AdapterContext, taskId: string): Promise<Task> {
    const { client } = await this.connect(ctx);
    const task = await this.guard(ctx, () =>
      client.cancelTask({ tenant: '', id: taskId, metadata: undefined }, this.options(ctx, { taskId })),
    );
    return SdkTask.toJSON(task) as Task;
  }

  async *subscribe(ctx: AdapterContext, taskId: string): AsyncIterable<StreamEvent> {
    const { client } = await this.connect(ctx);
    yield* this.events(ctx, () =>
      client.resubscribeTask({ tenant: '', id: taskId }, this.options(ctx, { taskId })),
    );
  }

  /** The agent's card exactly as served; its interfaces say where the client sends calls. */
  protected async fetchCard(ctx: AdapterContext): Promise<Record<string, unknown>> {
    return (await discoverAgentCard(ctx.fetch, ctx.agent.url, `Agent "${ctx.agent.name}"`, ctx.signal)).raw;
  }

  /** Headers one call needs besides the agent's own (none for a plain A2A agent). */
  protected callHeaders(_ctx: AdapterContext, _scope: A2ACallScope): Record<string, string> | undefined {
    return undefined;
  }

  private options(ctx: AdapterContext, scope: A2ACallScope) {
    const serviceParameters = this.callHeaders(ctx, scope);
    return { signal: ctx.signal, ...(serviceParameters ? { serviceParameters } : {}) };
  }

  protected async guard<T>(ctx: AdapterContext, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw fromSdkError(error, ctx.agent, ctx.signal);
    }
  }

  protected async *events(
    ctx: AdapterContext,
    open: () => AsyncIterable<StreamResponse>,
  ): AsyncIterable<StreamEvent> {
    try {
      for await (const event of open()) yield StreamResponse.toJSON(event) as StreamEvent;
    } catch (error) {
      throw fromSdkError(error, ctx.agent, ctx.signal);
    }
  }

  private connect(ctx: AdapterContext): Promise<Connected> {
    this.callFetches.set(ctx.signal, ctx.fetch);
    let connection = this.connections.get(ctx.agent.name);
    if (!connection) {
      const first = ctx.fetch;
      const fetch: AdapterContext['fetch'] = (input, init) =>
        ((init?.signal && this.callFetches.get(init.signal)) || first)(input, init);
      connection = this.open({ ...ctx, fetch });
      this.connections.set(ctx.agent.name, connection);
      // A failed discovery is not cached: the next call tries again.
      connection.catch(() => this.connections.delete(ctx.agent.name));
    }
    return connection;
  }

  /** The agent's client, from its card (subclasses reach agents whose card is elsewhere). */
  protected async open(ctx: AdapterContext): Promise<Connected> {
    let raw: Record<string, unknown>;
    try {
      raw = await this.fetchCard(ctx);
    } catch (error) {
      throw fromSdkError(error, ctx.agent, ctx.signal);
    }
    // 0.2.x cards look like 0.3 ones, but the SDK's legacy range starts at 0.3.
    if (typeof raw.protocolVersion === 'string' && raw.protocolVersion.startsWith('0.2'))
      raw = { ...raw, protocolVersion: '0.3.0' };
    if (!raw.protocolVersion && !raw.supportedInterfaces && typeof raw.url === 'string')
      raw = { ...raw, protocolVersion: '0.3.0' };
    const fetchImpl = ctx.fetch as typeof fetch;
    const legacyCompat = { enabled: true };
    const factory = new ClientFactory({
      transports: [
        new JsonRpcTransportFactory({ fetchImpl, legacyCompat }),
        new RestTransportFactory({ fetchImpl, legacyCompat }),
      ],
      cardResolver: new DefaultAgentCardResolver({ fetchImpl, legacyCompat }),
    });
    try {
      const legacy = isLegacyAgentCard(raw);
      const sdkCard = legacy ? parseLegacyAgentCard(raw) : SdkAgentCard.fromJSON(raw);
      const client = await factory.createFromAgentCard(sdkCard);
      const card = SdkAgentCard.toJSON(sdkCard) as AgentCard;
      return { client, card, protocolVersion: legacy ? '0.3' : '1.0' };
    } catch (error) {
      throw new A2AError(
        A2AErrorCode.ProtocolError,
        `Agent "${ctx.agent.name}" has an Agent Card the gateway cannot use: ${(error as Error).message}`,
        {
          agentName: ctx.agent.name,
        },
      );
    }
  }
}
