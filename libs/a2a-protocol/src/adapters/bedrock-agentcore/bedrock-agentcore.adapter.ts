import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { SendMessageRequest, SendMessageResponse, StreamEvent } from '../../types/a2a.schemas';
import { A2AAdapter, type A2ACallScope } from '../a2a/a2a.adapter';
import { discoverAgentCard } from '../a2a/card-discovery';
import { contextIdOf } from '../common/a2a-shapes';
import { providerConfigOf } from '../common/provider-config-of';
import { who } from '../common/provider-response';
import type { AdapterContext } from '../provider-adapter';

// An A2A server hosted by Amazon Bedrock AgentCore Runtime (AgentCore data plane, API version
// 2024-02-28): InvokeAgentRuntime `POST /runtimes/{URL-encoded runtime ARN}/invocations?qualifier=…`
// carries the A2A JSON-RPC body unchanged to the container (port 9000, path /) and streams its answer
// back; GetAgentCard `GET /runtimes/{ARN}/invocations/.well-known/agent-card.json?qualifier=…` serves
// its card. Every call names a runtime session (`X-Amzn-Bedrock-AgentCore-Runtime-Session-Id`, 33–256
// characters): each session runs in its own microVM, so the A2A server's tasks live in the session that
// created them. Auth is SigV4 (service `bedrock-agentcore`, signed by OutboundHttp) or an OAuth bearer.
// https://docs.aws.amazon.com/bedrock-agentcore/latest/APIReference/API_InvokeAgentRuntime.html
// https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/runtime-a2a-protocol-contract.html

export const AGENTCORE_SESSION_HEADER = 'X-Amzn-Bedrock-AgentCore-Runtime-Session-Id';

/**
 * The runtime session of a conversation: one per agent, caller and A2A contextId, so a conversation
 * keeps its microVM and two callers never share one. A hash: stable across gateway restarts and
 * replicas, 64 characters (AgentCore wants at least 33), and it shows neither the caller nor the context.
 */
export function agentCoreSessionId(agentName: string, callerId: string | null, contextId: string): string {
  return createHash('sha256')
    .update(`${agentName}\u0000${callerId ?? ''}\u0000${contextId}`)
    .digest('hex');
}

function taskIdOf(event: StreamEvent | SendMessageResponse): string | undefined {
  if ('task' in event) return event.task.id;
  if ('message' in event) return event.message.taskId;
  if ('statusUpdate' in event) return event.statusUpdate.taskId;
  return event.artifactUpdate.taskId;
}

/** The card as the A2A adapter should see it: calls go to InvokeAgentRuntime, whatever the container says. */
function pointedAt(card: Record<string, unknown>, invocationsUrl: string): Record<string, unknown> {
  if (Array.isArray(card.supportedInterfaces)) {
    const interfaces = card.supportedInterfaces as { protocolBinding?: string; protocolVersion?: string }[];
    const jsonRpc = interfaces.find((i) => i.protocolBinding === 'JSONRPC') ?? interfaces[0];
    return {
      ...card,
      supportedInterfaces: [
        {
          url: invocationsUrl,
          protocolBinding: 'JSONRPC',
          protocolVersion: jsonRpc?.protocolVersion ?? '1.0',
        },
      ],
    };
  }
  // v0.3 (and 0.2) cards: one URL, JSON-RPC is the only binding AgentCore forwards.
  const { additionalInterfaces: _dropped, ...legacy } = card;
  return { ...legacy, url: invocationsUrl, preferredTransport: 'JSONRPC' };
}

/**
 * Bedrock AgentCore runtimes speaking A2A: the A2A adapter (JSON-RPC, v1.0 or v0.3 as the container's
 * card says) pointed at InvokeAgentRuntime, with the runtime session on every call.
 */
export class BedrockAgentCoreAdapter extends A2AAdapter {
  override readonly provider = 'bedrock-agentcore' as const;
  /** The contextId (hence the session) each task was created in, for task reads and cancels. */
  private readonly taskContexts = new LRUCache<string, string>({ max: 10_000 });

  override async send(ctx: AdapterContext, request: SendMessageRequest): Promise<SendMessageResponse> {
    const pinned = this.pinned(ctx, request);
    const response = await super.send(ctx, pinned);
    this.remember(ctx, taskIdOf(response), pinned);
    return response;
  }

  override async *stream(ctx: AdapterContext, request: SendMessageRequest): AsyncIterable<StreamEvent> {
    const pinned = this.pinned(ctx, request);
    for await (const event of super.stream(ctx, pinned)) {
      this.remember(ctx, taskIdOf(event), pinned);
      yield event;
    }
  }

  protected override async fetchCard(ctx: AdapterContext): Promise<Record<string, unknown>> {
    const { invocations, qualifier } = this.endpoint(ctx);
    const session = agentCoreSessionId(ctx.agent.name, null, 'agent-card');
    const fetchCard = (url: string, init: RequestInit) =>
      ctx.fetch(url, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), [AGENTCORE_SESSION_HEADER]: session },
      });
    const { raw } = await discoverAgentCard(
      fetchCard,
      `${invocations}/.well-known/agent-card.json?${qualifier}`,
      who(ctx),
      ctx.signal,
    );
    return pointedAt(raw, `${invocations}?${qualifier}`);
  }

  protected override callHeaders(ctx: AdapterContext, scope: A2ACallScope): Record<string, string> {
    // A task unknown here (created before a restart) falls back to the caller's context-less session.
    const contextId =
      scope.contextId ?? (scope.taskId && this.taskContexts.get(this.taskKey(ctx, scope.taskId))) ?? '';
    return { [AGENTCORE_SESSION_HEADER]: agentCoreSessionId(ctx.agent.name, ctx.callerId, contextId) };
  }

  /** Every message names its context, so the session is known before the agent answers. */
  private pinned(ctx: AdapterContext, request: SendMessageRequest): SendMessageRequest {
    const { message } = request;
    if (message.contextId) return request;
    const known = message.taskId && this.taskContexts.get(this.taskKey(ctx, message.taskId));
    if (message.taskId && !known) return request;
    return { ...request, message: { ...message, contextId: known || contextIdOf(request) } };
  }

  private remember(ctx: AdapterContext, taskId: string | undefined, request: SendMessageRequest): void {
    const contextId = request.message.contextId;
    if (taskId && contextId) this.taskContexts.set(this.taskKey(ctx, taskId), contextId);
  }

  private taskKey(ctx: AdapterContext, taskId: string): string {
    return `${ctx.agent.name}\u0000${ctx.callerId ?? ''}\u0000${taskId}`;
  }

  private endpoint(ctx: AdapterContext): { invocations: string; qualifier: string } {
    const config = providerConfigOf(ctx.agent, 'bedrock-agentcore');
    const base = ctx.agent.url.replace(/\/+$/, '');
    return {
      invocations: `${base}/runtimes/${encodeURIComponent(config.agentRuntimeArn)}/invocations`,
      qualifier: new URLSearchParams({ qualifier: config.qualifier }).toString(),
    };
  }
}
