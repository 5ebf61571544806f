import type { AdapterContext, TokenUsage } from '../provider-adapter';
import { providerConfigOf } from '../common/provider-config-of';

/**
 * The engine's REST resource URL: `{base}/{version}/projects/{p}/locations/{l}/reasoningEngines/{id}`,
 * `base` being the agent's endpoint URL (the regional API host; a pasted `/v1` or `/v1beta1` is ignored).
 */
export function engineUrl(ctx: AdapterContext, version: 'v1' | 'v1beta1'): string {
  const { projectId, location, reasoningEngineId } = providerConfigOf(ctx.agent, 'vertex-ai');
  const path = ['projects', projectId, 'locations', location, 'reasoningEngines', reasoningEngineId].map(
    encodeURIComponent,
  );
  const base = ctx.agent.url.replace(/\/+$/, '').replace(/\/v1(beta1)?$/, '');
  return `${base}/${version}/${path.join('/')}`;
}

/** A Gemini `usageMetadata` ({promptTokenCount, candidatesTokenCount}, or snake case) as TokenUsage. */
export function geminiUsage(
  usage: Record<string, unknown> | undefined,
  model: unknown,
): TokenUsage | undefined {
  const input = usage?.promptTokenCount ?? usage?.prompt_token_count;
  if (typeof input !== 'number') return undefined;
  const output = usage?.candidatesTokenCount ?? usage?.candidates_token_count;
  return {
    inputTokens: input,
    outputTokens: typeof output === 'number' ? output : 0,
    ...(typeof model === 'string' && model ? { model } : {}),
  };
}
