import type {
  AgentCard,
  SendMessageRequest,
  SendMessageResponse,
  StreamEvent,
  Task,
} from '../types/a2a.schemas';
import type { AgentProvider } from './providers';

/** What an adapter gets for one call: the agent, a fetch bound to it, and the call's abort signal. */
export interface AdapterContext {
  agent: import('../gateway/agent-config').AgentSpec;
  /** Outbound fetch for this agent: SSRF policy, credentials, size cap and typed errors included. */
  fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /** Aborts on timeout (reason: an A2AError TIMEOUT) or when the caller goes away. */
  signal: AbortSignal;
}

/**
 * One kind of agent behind the gateway (A2A, LangGraph, Vertex AI, …). Adapters speak their provider's
 * wire format and give back A2A v1.0 shapes; they throw A2AError (mark `details.retryable` only when the
 * agent cannot have acted). Timeouts, retries, limits, breaker and metrics are the gateway's job.
 */
export interface ProviderAdapter {
  readonly provider: AgentProvider;
  send(ctx: AdapterContext, request: SendMessageRequest): Promise<SendMessageResponse>;
  stream(ctx: AdapterContext, request: SendMessageRequest): AsyncIterable<StreamEvent>;
  getTask(ctx: AdapterContext, taskId: string, historyLength?: number): Promise<Task>;
  cancelTask(ctx: AdapterContext, taskId: string): Promise<Task>;
  subscribe(ctx: AdapterContext, taskId: string): AsyncIterable<StreamEvent>;
  /** The agent's card in v1.0 shape, if the provider has one. */
  card(ctx: AdapterContext): Promise<AgentCard>;
  /** Forget anything cached for an agent (its card, clients) after its config changed. */
  forget?(agentName: string): void;
}
