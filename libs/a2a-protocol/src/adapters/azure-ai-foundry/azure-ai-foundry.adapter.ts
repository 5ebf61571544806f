import type {
  AgentCard,
  SendMessageRequest,
  SendMessageResponse,
  StreamEvent,
  Task,
} from '../../types/a2a.schemas';
import type { AdapterContext, ProviderAdapter } from '../provider-adapter';
import { foundryConfig } from './foundry-project';
import { FoundryResponsesAdapter } from './foundry-responses';
import { FoundryThreadsAdapter } from './foundry-threads';

/**
 * Azure AI Foundry Agent Service, through the API the agent's `providerConfig.api` names: `responses`
 * (Foundry agents: request/response, streamed; conversations kept by Foundry) or `threads` (classic
 * agents: every run is a real task the gateway can read, cancel and re-attach to).
 */
export class AzureAIFoundryAdapter implements ProviderAdapter {
  readonly provider = 'azure-ai-foundry' as const;
  private readonly responses = new FoundryResponsesAdapter();
  private readonly threads = new FoundryThreadsAdapter();

  send(ctx: AdapterContext, request: SendMessageRequest): Promise<SendMessageResponse> {
    return this.api(ctx).send(ctx, request);
  }

  stream(ctx: AdapterContext, request: SendMessageRequest): AsyncIterable<StreamEvent> {
    return this.api(ctx).stream(ctx, request);
  }

  getTask(ctx: AdapterContext, taskId: string, historyLength?: number): Promise<Task> {
    return this.api(ctx).getTask(ctx, taskId, historyLength);
  }

  cancelTask(ctx: AdapterContext, taskId: string): Promise<Task> {
    return this.api(ctx).cancelTask(ctx, taskId);
  }

  subscribe(ctx: AdapterContext, taskId: string): AsyncIterable<StreamEvent> {
    return this.api(ctx).subscribe(ctx, taskId);
  }

  card(ctx: AdapterContext): Promise<AgentCard> {
    return this.api(ctx).card(ctx);
  }

  private api(ctx: AdapterContext): ProviderAdapter {
    return foundryConfig(ctx).api === 'threads' ? this.threads : this.responses;
  }
}
