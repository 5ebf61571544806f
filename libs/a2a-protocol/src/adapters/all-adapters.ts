import { A2AAdapter } from './a2a/a2a.adapter';
import { AzureAIFoundryAdapter } from './azure-ai-foundry/azure-ai-foundry.adapter';
import { OpenAIAdapter } from './openai/openai.adapter';
import type { ProviderAdapter } from './provider-adapter';

/** One adapter per provider, as the gateway uses them by default. */
export function createProviderAdapters(): ProviderAdapter[] {
  return [new A2AAdapter(), new OpenAIAdapter(), new AzureAIFoundryAdapter()];
}
