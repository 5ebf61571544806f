import type {
  AgentCard,
  SendMessageRequest,
  SendMessageResponse,
  StreamEvent,
  Task,
} from '../../types/a2a.schemas';
import type { AgentProvider } from '../providers';
import type { AdapterContext, ProviderAdapter } from '../provider-adapter';

/**
 * A provider with more than one API (Vertex AI: A2A or query templates; Azure AI Foundry: responses or
 * threads): every call goes to the implementation the agent's config picks.
 */
export abstract class DelegatingAdapter implements ProviderAdapter {
  abstract readonly provider: AgentProvider;

  /** The implementation for this agent. */
  protected abstract pick(ctx: AdapterContext): ProviderAdapter;

  send(ctx: AdapterContext, request: SendMessageRequest): Promise<SendMessageResponse> {
    return this.pick(ctx).send(ctx, request);
  }

  stream(ctx: AdapterContext, request: SendMessageRequest): AsyncIterable<StreamEvent> {
    return this.pick(ctx).stream(ctx, request);
  }

  getTask(ctx: AdapterContext, taskId: string, historyLength?: number): Promise<Task> {
    return this.pick(ctx).getTask(ctx, taskId, historyLength);
  }

  cancelTask(ctx: AdapterContext, taskId: string): Promise<Task> {
    return this.pick(ctx).cancelTask(ctx, taskId);
  }

  subscribe(ctx: AdapterContext, taskId: string): AsyncIterable<StreamEvent> {
    return this.pick(ctx).subscribe(ctx, taskId);
  }

  card(ctx: AdapterContext): Promise<AgentCard> {
    return this.pick(ctx).card(ctx);
  }
}
