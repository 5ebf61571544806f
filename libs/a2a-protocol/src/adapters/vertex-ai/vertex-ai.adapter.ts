import { DelegatingAdapter } from '../common/delegating-adapter';
import { providerConfigOf } from '../common/provider-config-of';
import type { AdapterContext } from '../provider-adapter';
import { VertexA2ABinding } from './vertex-ai-a2a';
import { VertexQueryBinding } from './vertex-ai-query';

/**
 * Vertex AI Agent Engine (reasoning engines). An engine deployed from the A2A template is an A2A agent
 * with real tasks (send, stream, get, cancel, subscribe, its own card); every other template (ADK,
 * LangChain, custom) is a request/response agent behind `:query` / `:streamQuery`. `providerConfig.mode`
 * says which; auth is a Google service account (`google-service-account`).
 */
export class VertexAIAdapter extends DelegatingAdapter {
  readonly provider = 'vertex-ai' as const;
  private readonly a2a = new VertexA2ABinding();
  private readonly query = new VertexQueryBinding();

  forget(agentName: string): void {
    this.a2a.forget(agentName);
    this.query.forget(agentName);
  }

  protected pick(ctx: AdapterContext): VertexA2ABinding | VertexQueryBinding {
    return providerConfigOf(ctx.agent, 'vertex-ai').mode === 'a2a' ? this.a2a : this.query;
  }
}
