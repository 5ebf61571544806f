import { DelegatingAdapter } from '../common/delegating-adapter';
import type { AdapterContext, ProviderAdapter } from '../provider-adapter';
import { foundryConfig } from './foundry-project';
import { FoundryResponsesAdapter } from './foundry-responses';
import { FoundryThreadsAdapter } from './foundry-threads';

/**
 * Azure AI Foundry Agent Service, through the API the agent's `providerConfig.api` names: `responses`
 * (Foundry agents: request/response, streamed; conversations kept by Foundry) or `threads` (classic
 * agents: every run is a real task the gateway can read, cancel and re-attach to).
 */
export class AzureAIFoundryAdapter extends DelegatingAdapter {
  readonly provider = 'azure-ai-foundry' as const;
  private readonly responses = new FoundryResponsesAdapter();
  private readonly threads = new FoundryThreadsAdapter();

  protected pick(ctx: AdapterContext): ProviderAdapter {
    return foundryConfig(ctx).api === 'threads' ? this.threads : this.responses;
  }
}
