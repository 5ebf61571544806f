import type {
  AgentCard,
  SendMessageRequest,
  SendMessageResponse,
  StreamEvent,
  Task,
} from '../../types/a2a.schemas';
import { providerConfigOf } from '../common/provider-config-of';
import type { AdapterContext, ProviderAdapter } from '../provider-adapter';
import { VertexA2ABinding } from './vertex-ai-a2a';
import { VertexQueryBinding } from './vertex-ai-query';

/**
 * Vertex AI Agent Engine (reasoning engines). An engine deployed from the A2A template is an A2A agent
 * with real tasks (send, stream, get, cancel, subscribe, its own card); every other template (ADK,
 * LangChain, custom) is a request/response agent behind `:query` / `:streamQuery`. `providerConfig.mode`
 * says which; auth is a Google service account (`google-service-account`).
 */
export class VertexAIAdapter implements ProviderAdapter {
  readonly provider = 'vertex-ai' as const;
  private readonly a2a = new VertexA2ABinding();
  private readonly query = new VertexQueryBinding();

  forget(agentName: string): void {
    this.a2a.forget(agentName);
    this.query.forget(agentName);
  }

  send(ctx: AdapterContext, request: SendMessageRequest): Promise<SendMessageResponse> {
    return this.binding(ctx).send(ctx, request);
  }

  stream(ctx: AdapterContext, request: SendMessageRequest): AsyncIterable<StreamEvent> {
    return this.binding(ctx).stream(ctx, request);
  }

  getTask(ctx: AdapterContext, taskId: string, historyLength?: number): Promise<Task> {
    return this.binding(ctx).getTask(ctx, taskId, historyLength);
  }

  cancelTask(ctx: AdapterContext, taskId: string): Promise<Task> {
    return this.binding(ctx).cancelTask(ctx, taskId);
  }

  subscribe(ctx: AdapterContext, taskId: string): AsyncIterable<StreamEvent> {
    return this.binding(ctx).subscribe(ctx, taskId);
  }

  card(ctx: AdapterContext): Promise<AgentCard> {
    return this.binding(ctx).card(ctx);
  }

  private binding(ctx: AdapterContext): VertexA2ABinding | VertexQueryBinding {
    return providerConfigOf(ctx.agent, 'vertex-ai').mode === 'a2a' ? this.a2a : this.query;
  }
}
