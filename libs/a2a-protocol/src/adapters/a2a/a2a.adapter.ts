import { A2AError, A2AErrorCode } from '../../errors/a2a-error';
import type {
  AgentCard,
  SendMessageRequest,
  SendMessageResponse,
  StreamEvent,
  Task,
} from '../../types/a2a.schemas';
import { detectCardVersion } from '../../versions/card-version';
import { isV03ProtocolVersion, isV10ProtocolVersion } from '../../versions/v03-card-translate';
import type { AdapterContext, ProviderAdapter } from '../provider-adapter';
import type { AgentProvider } from '../providers';
import type { A2ACall, A2AChannel } from './a2a-channel';
import { discoverAgentCard } from './card-discovery';
import { JsonRpcChannel } from './json-rpc-channel';
import { fromCallError } from './call-error';
import type { SdkChannel } from './sdk-channel';

/** How the gateway reaches an agent, and its card, kept until the agent's configuration changes. */
export interface Connected {
  channel: A2AChannel;
  /** The agent's card in v1.0 JSON (0.3 and 0.2 cards translated). */
  card: AgentCard;
}

/** What one call is about: the conversation, or the task, it belongs to. */
export interface A2ACallScope {
  contextId?: string;
  taskId?: string;
}

const scopeOf = (request: SendMessageRequest): A2ACallScope => ({
  contextId: request.message.contextId,
  taskId: request.message.taskId,
});

type AgentInterface = AgentCard['supportedInterfaces'][number];

/** The bindings the adapter speaks: JSON-RPC itself, HTTP+JSON through the SDK (gRPC not at all). */
const SPOKEN_BINDINGS = ['JSONRPC', 'HTTP+JSON'];

/**
 * The interface to call, chosen as the SDK's ClientFactory chooses: the first binding in the card's order
 * that the gateway speaks, at 1.x when that binding is offered at 1.x (interfaces of other versions are
 * not spoken at all).
 */
function preferredInterface(card: AgentCard): AgentInterface | undefined {
  const usable = card.supportedInterfaces.filter(
    (i) =>
      SPOKEN_BINDINGS.includes(i.protocolBinding.toUpperCase()) &&
      (isV10ProtocolVersion(i.protocolVersion) || isV03ProtocolVersion(i.protocolVersion)),
  );
  const binding = usable[0]?.protocolBinding.toUpperCase();
  const candidates = usable.filter((i) => i.protocolBinding.toUpperCase() === binding);
  return candidates.find((i) => isV10ProtocolVersion(i.protocolVersion)) ?? candidates[0];
}

/**
 * A2A agents: v1.0, and v0.3/v0.2. The card is fetched by the gateway (so the SSRF policy and credentials
 * apply) and kept, with the channel it chose, until the agent's configuration changes. Agents whose
 * preferred interface is JSON-RPC are called by the gateway's own JSON-RPC client, in the gateway's v1.0
 * JSON (through the pure v0.3 translators for v0.3 agents); HTTP+JSON agents through the official
 * `@a2a-js/sdk` client. Platforms that host A2A agents behind their own endpoint (Bedrock AgentCore)
 * extend it: `fetchCard` says where the card is and which endpoint to call, `callHeaders` adds the
 * headers the platform needs per call.
 */
export class A2AAdapter implements ProviderAdapter {
  readonly provider: AgentProvider = 'a2a';
  private readonly connections = new Map<string, Promise<Connected>>();
  /**
   * The fetch of each call in flight, by the call's abort signal. An SDK client is built once, with the
   * first call's context, but the SDK hands each call's signal to its fetch unchanged: so every request
   * goes out through the fetch of the call that made it (that call's trace headers, not the first one's).
   * Only SDK channels need it: the gateway's JSON-RPC channel takes each call's fetch from the call itself.
   */
  private readonly callFetches = new WeakMap<AbortSignal, AdapterContext['fetch']>();
  /** Agents known to be reached through the JSON-RPC channel: their calls need no `callFetches` entry. */
  private readonly jsonRpcAgents = new Set<string>();

  forget(agentName: string): void {
    this.connections.delete(agentName);
    this.jsonRpcAgents.delete(agentName);
  }

  async card(ctx: AdapterContext): Promise<AgentCard> {
    return (await this.connect(ctx)).card;
  }

  /** The card read again from the agent (the connection keeps the one it was built from). */
  async healthCheck(ctx: AdapterContext): Promise<void> {
    try {
      await this.fetchCard(ctx);
    } catch (error) {
      throw fromCallError(error, ctx.agent, ctx.signal);
    }
  }

  async send(ctx: AdapterContext, request: SendMessageRequest): Promise<SendMessageResponse> {
    const { channel } = await this.connect(ctx);
    return this.guard(ctx, () => channel.send(this.call(ctx, scopeOf(request)), request));
  }

  async *stream(ctx: AdapterContext, request: SendMessageRequest): AsyncIterable<StreamEvent> {
    const { channel } = await this.connect(ctx);
    yield* this.events(ctx, () => channel.stream(this.call(ctx, scopeOf(request)), request));
  }

  async getTask(ctx: AdapterContext, taskId: string, historyLength?: number): Promise<Task> {
    const { channel } = await this.connect(ctx);
    return this.guard(ctx, () => channel.getTask(this.call(ctx, { taskId }), taskId, historyLength));
  }

  async cancelTask(ctx: AdapterContext, taskId: string): Promise<Task> {
    const { channel } = await this.connect(ctx);
    return this.guard(ctx, () => channel.cancelTask(this.call(ctx, { taskId }), taskId));
  }

  async *subscribe(ctx: AdapterContext, taskId: string): AsyncIterable<StreamEvent> {
    const { channel } = await this.connect(ctx);
    yield* this.events(ctx, () => channel.subscribe(this.call(ctx, { taskId }), taskId));
  }

  /** The agent's card exactly as served; its interfaces say where calls go. */
  protected async fetchCard(ctx: AdapterContext): Promise<Record<string, unknown>> {
    return (await discoverAgentCard(ctx.fetch, ctx.agent.url, `Agent "${ctx.agent.name}"`, ctx.signal)).raw;
  }

  /** Headers one call needs besides the agent's own (none for a plain A2A agent). */
  protected callHeaders(_ctx: AdapterContext, _scope: A2ACallScope): Record<string, string> | undefined {
    return undefined;
  }

  private call(ctx: AdapterContext, scope: A2ACallScope): A2ACall {
    const headers = this.callHeaders(ctx, scope);
    return headers ? { ctx, headers } : { ctx };
  }

  protected async guard<T>(ctx: AdapterContext, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw fromCallError(error, ctx.agent, ctx.signal);
    }
  }

  protected async *events(
    ctx: AdapterContext,
    open: () => AsyncIterable<StreamEvent>,
  ): AsyncIterable<StreamEvent> {
    try {
      yield* open();
    } catch (error) {
      throw fromCallError(error, ctx.agent, ctx.signal);
    }
  }

  private connect(ctx: AdapterContext): Promise<Connected> {
    const name = ctx.agent.name;
    if (!this.jsonRpcAgents.has(name)) this.callFetches.set(ctx.signal, ctx.fetch);
    let connection = this.connections.get(name);
    if (!connection) {
      const first = ctx.fetch;
      const fetch: AdapterContext['fetch'] = (input, init) =>
        ((init?.signal && this.callFetches.get(init.signal)) || first)(input, init);
      const opened: Promise<Connected> = this.open({ ...ctx, fetch }).then((connected) => {
        // Only for the connection still in use: a config change (forget) may have replaced it meanwhile.
        if (this.connections.get(name) === opened && connected.channel instanceof JsonRpcChannel)
          this.jsonRpcAgents.add(name);
        return connected;
      });
      connection = opened;
      this.connections.set(name, connection);
      // A failed discovery is not cached: the next call tries again.
      connection.catch(() => this.connections.delete(name));
    }
    return connection;
  }

  /** The agent's channel, from its card (subclasses reach agents whose card is elsewhere). */
  protected async open(ctx: AdapterContext): Promise<Connected> {
    let raw: Record<string, unknown>;
    try {
      raw = await this.fetchCard(ctx);
    } catch (error) {
      throw fromCallError(error, ctx.agent, ctx.signal);
    }
    const unusable = (why: string, cause?: unknown) =>
      new A2AError(
        A2AErrorCode.ProtocolError,
        `Agent "${ctx.agent.name}" has an Agent Card the gateway cannot use: ${why}`,
        { agentName: ctx.agent.name },
        { cause },
      );
    let card: AgentCard;
    try {
      card = detectCardVersion(raw).card;
    } catch (error) {
      throw unusable((error as Error).message, error);
    }
    const chosen = preferredInterface(card);
    if (!chosen) {
      const found = card.supportedInterfaces.map((i) => `${i.protocolBinding} ${i.protocolVersion}`);
      throw unusable(`no JSON-RPC or HTTP+JSON interface at A2A 1.x or 0.3 (found: ${found.join(', ')})`);
    }
    if (chosen.protocolBinding.toUpperCase() !== 'JSONRPC') {
      try {
        return { channel: await this.sdkChannel(ctx, raw), card };
      } catch (error) {
        throw unusable((error as Error).message, error);
      }
    }
    const channel = new JsonRpcChannel({
      url: chosen.url,
      dialect: isV10ProtocolVersion(chosen.protocolVersion) ? '1.0' : '0.3',
      tenant: chosen.tenant || undefined,
      streaming: card.capabilities.streaming === true,
    });
    return { channel, card };
  }

  /** The official SDK's client for the card's HTTP+JSON interface (v0.3 through its legacy transport). */
  private async sdkChannel(ctx: AdapterContext, raw: Record<string, unknown>): Promise<SdkChannel> {
    // 0.2.x cards look like 0.3 ones, but the SDK's legacy range starts at 0.3.
    if (typeof raw.protocolVersion === 'string' && raw.protocolVersion.startsWith('0.2'))
      raw = { ...raw, protocolVersion: '0.3.0' };
    if (!raw.protocolVersion && !raw.supportedInterfaces && typeof raw.url === 'string')
      raw = { ...raw, protocolVersion: '0.3.0' };
    const { sdkChannelFromCard } = await import('./sdk-channel');
    return sdkChannelFromCard(raw, ctx.fetch as typeof fetch);
  }
}
