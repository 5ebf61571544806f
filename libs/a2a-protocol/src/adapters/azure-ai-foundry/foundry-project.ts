import { A2AError, A2AErrorCode } from '../../errors/a2a-error';
import type { ConversationKey } from '../conversation';
import type { AdapterContext } from '../provider-adapter';
import { providerConfigOf } from '../common/provider-config-of';
import { who } from '../common/provider-response';
import type { AzureAIFoundryConfig } from './azure-ai-foundry.config';

// What both Foundry APIs share: the project endpoint, Azure's error bodies, and the Foundry object (a
// conversation or a thread) that holds an A2A conversation.

export function foundryConfig(ctx: AdapterContext): AzureAIFoundryConfig {
  return providerConfigOf(ctx.agent, 'azure-ai-foundry');
}

/** `{project endpoint}/{path}` with the query given; path segments from callers must be encoded already. */
export function projectUrl(ctx: AdapterContext, path: string, query: Record<string, string> = {}): string {
  const url = new URL(`${ctx.agent.url.replace(/\/+$/, '')}/${path}`);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url.toString();
}

/** Azure's `{ code, message }` of a failed response, run or error event, as the agent's failure. */
export function foundryFailure(
  ctx: AdapterContext,
  what: string,
  error: { code?: unknown; message?: unknown } | null | undefined,
): A2AError {
  const code = typeof error?.code === 'string' ? error.code : undefined;
  const message = typeof error?.message === 'string' ? error.message.slice(0, 300) : 'no details';
  return new A2AError(
    A2AErrorCode.UpstreamError,
    `${who(ctx)} ${what}: ${code ? `${code}: ` : ''}${message}`,
    { agentName: ctx.agent.name, provider: ctx.agent.provider, ...(code ? { upstreamCode: code } : {}) },
  );
}

/**
 * The Foundry conversation (responses API) or thread (threads API) holding an A2A contextId, per agent
 * and caller. Kept in the gateway's conversation store (Postgres in the API), so a conversation survives a
 * restart and is the same on every replica; the provider keeps the history itself.
 */
export type FoundryHandle = 'conversation' | 'thread';

const handleKey = (ctx: AdapterContext, kind: FoundryHandle, contextId: string): ConversationKey => ({
  agentName: ctx.agent.name,
  ownerId: ctx.callerId,
  contextId: `azure-ai-foundry/${kind}/${contextId}`,
});

export async function boundHandle(
  ctx: AdapterContext,
  kind: FoundryHandle,
  contextId: string,
): Promise<string | undefined> {
  const [last] = await ctx.conversations.load(handleKey(ctx, kind, contextId), 1);
  return last?.text || undefined;
}

export async function bindHandle(
  ctx: AdapterContext,
  kind: FoundryHandle,
  contextId: string,
  id: string,
): Promise<void> {
  await ctx.conversations.append(handleKey(ctx, kind, contextId), [{ role: 'assistant', text: id }]);
}
