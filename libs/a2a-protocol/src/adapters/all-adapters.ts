import { A2AAdapter } from './a2a/a2a.adapter';
import { OpenAIAdapter } from './openai/openai.adapter';
import type { ProviderAdapter } from './provider-adapter';
import { VertexAIAdapter } from './vertex-ai/vertex-ai.adapter';

/** One adapter per provider, as the gateway uses them by default. */
export function createProviderAdapters(): ProviderAdapter[] {
  return [new A2AAdapter(), new OpenAIAdapter(), new VertexAIAdapter()];
}
